import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from anjian.core.testing import make_credit_code
from anjian.core.validators import (
    CREDIT_CODE_CHARS,
    credit_code_check_char,
    credit_code_problem,
    is_phone,
    org_code_check_char,
    validate_credit_code,
)

# Published codes of real registrants (their check characters are the authority's, not ours).
REAL_CODES = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass(code):
    assert credit_code_problem(code) is None


def test_wrong_check_character_names_the_right_one():
    code = REAL_CODES[0][:-1] + "X"
    with pytest.raises(ValidationError) as err:
        validate_credit_code(code)
    assert "3" in err.value.messages[0]


def test_forbidden_letters_are_named():
    problem = credit_code_problem("91350100M000100YI3")
    assert problem and "I" in problem


def test_wrong_length_is_explained():
    assert "18" in credit_code_problem("9135010")


@given(st.integers(min_value=1, max_value=99_999_999))
def test_generated_codes_always_validate(serial):
    assert credit_code_problem(make_credit_code(serial)) is None


@given(st.text(alphabet=CREDIT_CODE_CHARS, min_size=17, max_size=17), st.sampled_from(CREDIT_CODE_CHARS))
def test_exactly_one_check_character_is_accepted_for_the_credit_code_part(first17, last):
    org8 = first17[8:16]
    body = first17[:16] + org_code_check_char(org8) if org8.isalnum() else first17
    code = body + last
    if credit_code_problem(code) is None:
        assert last == credit_code_check_char(body)


@given(st.text(max_size=40))
def test_any_text_gets_an_answer_not_an_exception(text):
    result = credit_code_problem(text)
    assert result is None or isinstance(result, str)


@pytest.mark.parametrize("phone", ["13907971001", "0797-5322110", "07975322110", "010-12345678", "0797-5322110-801"])
def test_valid_phones(phone):
    assert is_phone(phone)


@pytest.mark.parametrize("phone", ["1xxxxxxxxxx", "12345678901", "139079710", "5322110", "abc", "+86 139"])
def test_invalid_phones(phone):
    assert not is_phone(phone)
