import pytest, datetime as dt
from django.utils import timezone
from anjian.inspections.tests.test_documents import failed_visit, issue
from anjian.inspections.tests.test_services import sign_all
from anjian.inspections.document_pdf import document_pdf
from anjian.inspections.choices import DocumentKind

def test_render(world):
    made = failed_visit(world)
    sign_all(world, made)
    rec = issue(world, inspection=made)
    order = issue(world, kind=DocumentKind.RECTIFICATION_ORDER, inspection=made, deadline=timezone.localdate()+dt.timedelta(days=15))
    open('/tmp/rec.pdf','wb').write(document_pdf(rec))
    open('/tmp/order.pdf','wb').write(document_pdf(order))
