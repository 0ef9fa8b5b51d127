"""The rich-text sanitiser: what survives, what goes, and that rendering is safe twice."""

import pytest

from vielfalt.core.lib import richtext


@pytest.mark.parametrize(
    "html",
    [
        "<p>Ein Absatz mit <strong>fett</strong> und <em>kursiv</em>.<br>Neue Zeile.</p>",
        "<h2>Ergebnisse</h2><h3>Workshop 1</h3><h4>Bedarfe</h4>",
        "<ul><li>eins</li></ul><ol><li>zwei</li></ol>",
        "<blockquote>„Wir brauchen mehr Raum zum Austausch.“</blockquote>",
        '<table><caption>Zahlen</caption><thead><tr><th scope="col">Kreis</th></tr></thead>'
        "<tbody><tr><td>Gießen</td></tr></tbody></table>",
    ],
)
def test_the_allowed_elements_stay(html):
    assert richtext.sanitise(html) == html


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<p>Hallo<script>alert('x')</script></p>", ["<script", "alert"]),
        ('<p onclick="alert(1)" onmouseover="steal()">Text</p>', ["onclick", "onmouseover", "alert", "steal"]),
        ('<p style="color: red">Text</p><style>p { display: none }</style>', ["style", "display"]),
        ('<img src="x" onerror="alert(1)">', ["<img", "onerror"]),
        ('<svg onload="alert(1)"><text>x</text></svg>', ["<svg", "onload", "alert"]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe", "evil"]),
        ('<a href="javascript:alert(1)">Link</a>', ["javascript", "alert"]),
        ('<a href=" JaVaScRiPt:alert(1)">Link</a>', ["javascript", "alert"]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">Link</a>', ["data:"]),
        ('<a href="//evil.example/x">Link</a>', ["evil.example"]),
        ('<p class="kern-alert" id="main">Text</p>', ["class", "id="]),
        ('<form action="https://evil.example"><input name="pw"></form>', ["<form", "<input"]),
        ("<!-- versteckt --><p>Text</p>", ["versteckt", "<!--"]),
    ],
)
def test_scripts_handlers_styles_and_dangerous_links_are_removed(html, forbidden):
    cleaned = richtext.sanitise(html)

    for fragment in forbidden:
        assert fragment.lower() not in cleaned.lower()


def test_unknown_elements_are_unwrapped_but_keep_their_text():
    assert richtext.sanitise("<h1>Titel</h1><div><span>Text</span></div>") == "TitelText"


@pytest.mark.parametrize("href", ["https://wir.hessen.example/", "http://example.org/a?b=c", "mailto:info@example.org"])
def test_links_to_web_and_mail_addresses_stay_and_get_nofollow_noopener(href):
    cleaned = richtext.sanitise(f'<a href="{href}" target="_blank" rel="opener">Link</a>')

    assert f'href="{href.replace("&", "&amp;")}"' in cleaned
    assert 'rel="nofollow noopener"' in cleaned
    assert "target" not in cleaned


def test_table_header_scope_only_takes_real_values():
    cleaned = richtext.sanitise('<table><tr><th scope="javascript:x">A</th><th scope="row">B</th></tr></table>')

    assert 'scope="javascript' not in cleaned
    assert '<th scope="row">B</th>' in cleaned


def test_empty_input_stays_empty():
    assert richtext.sanitise("") == ""
    assert richtext.sanitise("   \n") == ""
    assert richtext.render("") == ""


def test_render_sanitises_again_and_adds_the_kern_look():
    shown = richtext.render('<p onclick="x()">Text <a href="https://example.org">Link</a></p><script>x()</script>')

    assert shown == (
        '<p class="kern-body">Text <a href="https://example.org" class="kern-link" rel="nofollow noopener">Link</a></p>'
    )
    assert hasattr(shown, "__html__")  # safe for templates


def test_sanitising_twice_changes_nothing():
    once = richtext.sanitise('<p>A <a href="https://x.example">b</a></p><ul><li onclick="y">c</li></ul>')

    assert richtext.sanitise(once) == once


def test_has_text():
    assert richtext.has_text("<p>Hallo</p>")
    assert not richtext.has_text("<p><br></p>")
    assert not richtext.has_text("")


def test_headings_get_readable_unique_ids_and_an_outline():
    from vielfalt.core.lib.richtext import render_with_outline

    html, headings = render_with_outline(
        '<h2 onclick="x()">Ziele &amp; Rahmen</h2><p>Text</p><h3>Ablauf</h3><h3>Ablauf</h3><h2 id="evil">Ä<em>b</em></h2>'
    )

    assert [(h.level, h.text, h.anchor) for h in headings] == [
        (2, "Ziele & Rahmen", "abschnitt-ziele-rahmen"),
        (3, "Ablauf", "abschnitt-ablauf"),
        (3, "Ablauf", "abschnitt-ablauf-2"),
        (2, "Äb", "abschnitt-aeb"),
    ]
    assert '<h2 id="abschnitt-ziele-rahmen" class="kern-heading-medium">Ziele &amp; Rahmen</h2>' in html
    assert "onclick" not in html and 'id="evil"' not in html
