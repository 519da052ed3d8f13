"""Upload limits kept while a request is read, before any uploaded file is whole (an upload handler).

Named first in settings.FILE_UPLOAD_HANDLERS, LimitedUploadHandler sees every chunk before Django's own
handlers (memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then a temporary file):

- a multipart request that says it is larger than MAX_REQUEST_BYTES is refused (400) before its body is read;
- of each file only the first MAX_FILE_BYTES + 1 bytes are passed on; the rest is read off the connection and
  dropped, so no larger file ever reaches memory or disk. Such a file arrives with the size MAX_FILE_BYTES + 1,
  which every reader of uploads refuses by its size before reading it, each with its own message on the form
  or as a 400 answer by field (core.attachments: photos 10 MB, documents 20 MB; risk.siteplans: PDF plans
  30 MB; registry.importer: workbooks 10 MB). The other fields of the form arrive whole, so the page shows the
  refusal with what was typed, and nothing is saved.
"""

from __future__ import annotations

import logging

from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The largest file any form accepts (a site plan PDF, risk.siteplans.MAX_PDF_BYTES): never lower than that.
MAX_FILE_BYTES = 30 * 1024 * 1024
# A whole request with its files: several photos or documents at once, well under the front server's limit.
MAX_REQUEST_BYTES = 200 * 1024 * 1024


class UploadTooLarge(MultiPartParserError):
    """Django answers 400 to it (a form page) and DRF a 400 with its message as the detail."""


class LimitedUploadHandler(FileUploadHandler):
    """Refuses an over-large request before reading it; truncates each file at MAX_FILE_BYTES + 1 bytes."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > MAX_REQUEST_BYTES:
            logger.warning(
                "Upload refused: the request declares %d bytes (at most %d).", content_length, MAX_REQUEST_BYTES
            )
            raise UploadTooLarge(
                _("The files sent together are larger than %(mb)d MB; send fewer or smaller files at a time.")
                % {"mb": MAX_REQUEST_BYTES // 2**20}
            )
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.truncated = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        """`start`: the bytes of this file read so far. Past the limit nothing goes on to the next handler."""
        keep = MAX_FILE_BYTES + 1 - start
        if keep >= len(raw_data):
            return raw_data
        if not self.truncated:
            self.truncated = True
            logger.warning(
                "Upload truncated: %r (field %r) is larger than %d bytes.",
                self.file_name,
                self.field_name,
                MAX_FILE_BYTES,
            )
        return raw_data[:keep] if keep > 0 else None

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler's file: in memory or a temporary file, at most MAX_FILE_BYTES + 1 bytes
