"""The Atom feeds: valid Atom, only public posts, in the address's language, per topic, few queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from vielfalt.news.tests.conftest import ALL, as_persona
from vielfalt.news.tests.factories import PostFactory, draft, scheduled
from vielfalt.organisations.models import FieldOfAction

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def text(element: ET.Element, tag: str) -> str:
    found = element.find(f"{ATOM}{tag}")
    assert found is not None, tag
    return found.text or ""


@pytest.mark.parametrize("persona", ALL)
def test_the_feed_holds_the_public_posts_as_valid_atom(client, personas, persona):
    post = PostFactory(
        title="Neue Schulung: Fördermittel beantragen",
        teaser="Wie ein Antrag für ein Mikroprojekt gelingt.",
        body="<p>Der <strong>Antrag</strong> bis 31. Dezember.</p><script>x()</script>",
    )
    post.topics.add(FieldOfAction.objects.order_by("position")[0])
    draft(title="Entwurf")
    scheduled(title="Geplant")

    root = parse(as_persona(client, personas, persona).get("/de/aktuelles/feed/"))

    # The elements RFC 4287 requires of a feed and of each entry.
    assert text(root, "title") == "Aktuelles – Vielfalt Hessen"
    assert text(root, "id") and text(root, "updated")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/de/aktuelles/feed/")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Kompetenzzentrum Vielfalt Hessen"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    [entry] = entries(root)
    assert text(entry, "title") == post.title
    assert text(entry, "id") and text(entry, "updated") and text(entry, "published")
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/de/aktuelles/{post.slug}/"
    assert text(entry, "summary") == "Wie ein Antrag für ein Mikroprojekt gelingt."
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<strong>Antrag</strong>" in content.text and "x()" not in content.text
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        str(FieldOfAction.objects.order_by("position")[0])
    ]


def test_the_feed_is_written_at_once_byte_for_byte_as_djangos_writer_writes_it(rf):
    from vielfalt.news.feeds import AllPostsFeed, PostAtomFeed

    for index in range(3):
        PostFactory(title=f"Beitrag {index} <&> „Vielfalt“ 😀 لقاء", body="<p>Text &amp; mehr</p>")
    feed = AllPostsFeed().get_feed(None, rf.get("/de/aktuelles/feed/"))
    assert isinstance(feed, PostAtomFeed)

    class Pieces:
        def __init__(self) -> None:
            self.pieces: list[bytes] = []

        def write(self, piece: bytes) -> None:
            self.pieces.append(piece)

    ours, djangos = Pieces(), Pieces()
    feed.write(ours, "utf-8")
    super(PostAtomFeed, feed).write(djangos, "utf-8")  # Django's own writer, piece by piece

    assert len(ours.pieces) == 1 < len(djangos.pieces)
    assert ours.pieces[0] == b"".join(djangos.pieces)


def test_the_feed_speaks_the_language_of_its_address(client):
    post = PostFactory(
        title="Plattform gestartet",
        title_translations={"uk": "Платформа запрацювала"},
        teaser="Die Vernetzungsplattform ist online.",
    )
    root = parse(client.get("/uk/aktuelles/feed/"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "uk"
    [entry] = entries(root)
    assert text(entry, "title") == "Платформа запрацювала"
    assert text(entry, "summary") == "Die Vernetzungsplattform ist online."  # German where there is no translation
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/uk/aktuelles/{post.slug}/"


def test_a_topic_feed_holds_only_that_topics_posts(client):
    education, other = FieldOfAction.objects.order_by("position")[:2]
    mine = PostFactory(title="Zum Thema")
    mine.topics.add(education)
    PostFactory(title="Zu anderem").topics.add(other)
    PostFactory(title="Ohne Thema")

    root = parse(client.get(f"/de/aktuelles/feed/thema/{education.slug}/"))

    assert [text(entry, "title") for entry in entries(root)] == ["Zum Thema"]
    assert str(education) in text(root, "title")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith(f"/feed/thema/{education.slug}/")


def test_an_unknown_topic_has_no_feed(client):
    assert client.get("/de/aktuelles/feed/thema/gibt-es-nicht/").status_code == 404


@pytest.mark.parametrize("path", ["/de/aktuelles/feed/", "/de/aktuelles/feed/thema/{topic}/"])
def test_the_feeds_cost_a_few_queries_for_many_posts(client, path, django_assert_max_num_queries):
    topic = FieldOfAction.objects.order_by("position")[0]
    for n in range(20):
        post = PostFactory(title=f"Beitrag {n}")
        post.topics.add(topic)
    with django_assert_max_num_queries(3):  # (the topic,) the posts, their topics
        root = parse(client.get(path.format(topic=topic.slug)))
    assert len(entries(root)) == 20
