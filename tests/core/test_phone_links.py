"""Phone numbers shown for calling are tel: links (issue 15): a practitioner on a work phone
rings the MASH or a flag's contact with one tap, the number written as people write it."""

import pytest

from thinkfamily.core.presenters import tel, tel_href


@pytest.mark.parametrize(("written", "href"), [
    ("0151 934 4013", "tel:+441519344013"),
    ("01704 704704", "tel:+441704704704"),
    ("(0151) 496-0000", "tel:+441514960000"),
    ("+44 151 496 0999", "tel:+441514960999"),
    ("0044 151 496 0999", "tel:+441514960999"),
    ("0151 934 4013 (24 hours)", "tel:+441519344013"),
    ("111", "tel:111"),
    ("Ask the ward clerk", ""),
    ("", ""),
])
def test_a_number_as_people_write_it_becomes_its_tel_address(written, href):
    assert tel_href(written) == href


def test_the_link_keeps_the_number_as_written_on_one_line_and_escapes_what_it_shows():
    assert str(tel("0151 934 4013")) == '<a class="tf-tel" href="tel:+441519344013">0151 934 4013</a>'
    assert str(tel("Ask <b>reception</b>")) == "Ask &lt;b&gt;reception&lt;/b&gt;"
    assert tel(None) == "" and tel("") == ""
