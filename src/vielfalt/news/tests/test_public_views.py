"""The public news pages: the list with its filters and pages, a post's page in every language, who sees
what (drafts and scheduled posts only the team), and how many queries they cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vielfalt.news.models import Post
from vielfalt.news.tests.conftest import ALL, as_persona, image_file
from vielfalt.news.tests.factories import PostFactory, draft, scheduled
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db

INDEX = "/de/aktuelles/"


def detail(post: Post, language: str = "de") -> str:
    return f"/{language}/aktuelles/{post.slug}/"


def topic(slug: str = "") -> FieldOfAction:
    return FieldOfAction.objects.get(slug=slug) if slug else FieldOfAction.objects.order_by("position")[0]


def district(name: str) -> District:
    return (
        District.objects.get(name=name, kind=District.Kind.CITY)
        if name in ("Kassel", "Offenbach am Main")
        else District.objects.get(name=name)
    )


# --- the list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_everyone_reads_the_list_of_public_posts_newest_first(client, personas, persona):
    now = timezone.now()
    PostFactory(title="Vernetzungstreffen 2026: die Dokumentation ist da", published_at=now - timedelta(days=3))
    PostFactory(title="Neue Schulung zur Öffentlichkeitsarbeit", published_at=now - timedelta(days=1))
    draft(title="Geheimer Entwurf")
    scheduled(title="Erst morgen")

    page = as_persona(client, personas, persona).get(INDEX).content.decode()

    assert page.index("Neue Schulung zur Öffentlichkeitsarbeit") < page.index("Vernetzungstreffen 2026")
    assert "Geheimer Entwurf" not in page and "Erst morgen" not in page
    assert "2 Beiträge gefunden" in page


def test_the_list_filters_by_kind_topic_and_district_without_javascript(client):
    education, other = FieldOfAction.objects.order_by("position")[:2]
    giessen = district("Gießen")
    press = PostFactory(title="Pressemitteilung zum Start", kind=Post.Kind.PRESS)
    about_education = PostFactory(title="Bildung im Verein")
    about_education.topics.add(education)
    in_giessen = PostFactory(title="Regionaltreffen in Gießen")
    in_giessen.districts.add(giessen)
    elsewhere = PostFactory(title="Nur in Kassel")
    elsewhere.districts.add(district("Kassel"))
    elsewhere.topics.add(other)

    by_kind = client.get(INDEX, {"kind": "press"}).content.decode()
    assert press.title in by_kind and about_education.title not in by_kind

    by_topic = client.get(INDEX, {"topic": education.slug}).content.decode()
    assert about_education.title in by_topic and press.title not in by_topic
    # The chosen topic's feed is offered, in the head and as a link.
    assert f'href="/de/aktuelles/feed/thema/{education.slug}/"' in by_topic

    by_district = client.get(INDEX, {"district": giessen.ags}).content.decode()
    # A post for no district concerns all of Hessen: it is news in Gießen as well.
    assert in_giessen.title in by_district and press.title in by_district
    assert elsewhere.title not in by_district


def test_a_post_in_two_chosen_terms_is_listed_once(client):
    post = PostFactory(title="Einmal bitte")
    post.districts.add(district("Gießen"), district("Marburg-Biedenkopf"))
    page = client.get(INDEX, {"district": district("Gießen").ags}).content.decode()
    assert page.count("Einmal bitte") == 1


@pytest.mark.parametrize(
    "query", [{"kind": "nonsense"}, {"topic": "<script>"}, {"district": "1' OR 1=1"}, {"page": "999"}, {"page": "x"}]
)
def test_bad_filters_are_ignored_never_an_error(client, query):
    PostFactory(title="Immer da")
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert "Immer da" in response.content.decode()


def test_the_list_has_pages_that_keep_the_filters(client):
    for n in range(14):
        PostFactory(title=f"Pressemitteilung Nummer {n}", kind=Post.Kind.PRESS)
    first = client.get(INDEX, {"kind": "press"}).content.decode()
    assert "Seite 1 von 2" in first and 'href="?kind=press&amp;page=2"' in first
    second = client.get(INDEX, {"kind": "press", "page": "2"}).content.decode()
    assert "Pressemitteilung Nummer 0" in second and 'href="?kind=press" rel="prev"' in second


def test_the_list_links_the_atom_feed_in_its_head(client):
    page = client.get(INDEX).content.decode()
    head = page[: page.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml" href="/de/aktuelles/feed/"' in head


def test_an_empty_list_says_so(client):
    assert "Noch gibt es hier keine Beiträge" in client.get(INDEX).content.decode()
    assert "Kein Beitrag passt zu Ihren Filtern" in client.get(INDEX, {"kind": "press"}).content.decode()


def test_the_list_costs_the_same_few_queries_for_many_posts(client, django_assert_max_num_queries):
    topics = list(FieldOfAction.objects.all()[:3])
    for n in range(12):
        post = PostFactory(title=f"Beitrag {n}", image=f"news/bild-{n}.png", image_alt="Ein Bild")
        post.topics.set(topics)
        post.districts.add(district("Gießen"))
    # count, page, topics, districts of the page; filter options: topics, districts
    with django_assert_max_num_queries(6):
        response = client.get(INDEX)
    content = response.content.decode()
    assert content.count('class="kern-card vf-news-card"') == 12
    # Each card names its topics and districts (read with the list, not per card).
    names = ", ".join(f"<bdi>{topic}</bdi>" for topic in sorted(topics, key=lambda t: (t.position, t.name)))
    assert content.count(f"Themen: {names} · Kreise: <bdi>{district('Gießen')}</bdi>") == 12


# --- one post ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_everyone_reads_a_public_post_with_its_image_topics_and_districts(client, personas, persona, settings):
    post = PostFactory(
        title="Das 5. hessenweite Vernetzungstreffen",
        teaser="Rund 60 Vertreterinnen und Vertreter aus 40 Vereinen kamen nach Frankfurt.",
        body='<h2>Ergebnisse</h2><p>Mehr <a href="https://example.org">Austausch</a>.</p><script>alert(1)</script>',
        image="news/treffen.png",
        image_alt="Menschen sitzen im Stuhlkreis",
    )
    post.topics.add(topic())
    post.districts.add(district("Gießen"))

    response = as_persona(client, personas, persona).get(detail(post))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Das 5. hessenweite Vernetzungstreffen" in page and "Rund 60 Vertreterinnen" in page
    assert '<h2 class="kern-heading-medium">Ergebnisse</h2>' in page
    assert 'rel="nofollow noopener"' in page and "alert(1)" not in page
    assert 'src="/media/news/treffen.png" alt="Menschen sitzen im Stuhlkreis"' in page
    assert str(topic()) in page and "Gießen" in page
    assert "<time datetime=" in page
    head = page[: page.index("</head>")]
    assert 'type="application/atom+xml" href="/de/aktuelles/feed/"' in head
    assert f'href="/de/aktuelles/feed/thema/{topic().slug}/"' in head


def test_a_post_without_districts_concerns_all_of_hessen(client):
    assert "ganz Hessen" in client.get(detail(PostFactory())).content.decode()


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("make", [draft, scheduled], ids=["draft", "scheduled"])
def test_only_the_team_sees_a_draft_or_a_scheduled_post_early(client, personas, persona, make):
    post = make(title="Noch nicht öffentlich")
    response = as_persona(client, personas, persona).get(detail(post))
    if persona == "staff":
        assert response.status_code == 200
        page = response.content.decode()
        assert "Nur das Team sieht diese Seite" in page and "Beitrag bearbeiten" in page
    else:
        assert response.status_code == 404


def test_an_unknown_post_is_not_found(client):
    assert client.get("/de/aktuelles/gibt-es-nicht/").status_code == 404


def test_a_post_shows_in_the_visitors_language(client):
    post = PostFactory(
        title="Neue Schulungen im Herbst",
        title_translations={"ar": "دورات تدريبية جديدة في الخريف"},
        teaser="Anmeldung ab sofort.",
        teaser_translations={"ar": "التسجيل مفتوح الآن."},
        body="<p>Deutscher Text.</p>",
        body_translations={"ar": "<p>نص عربي.</p>"},
        image="news/schulung.png",
        image_alt="Eine Trainerin am Flipchart",
        image_alt_translations={"ar": "مدربة أمام لوح ورقي"},
    )
    page = client.get(detail(post, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert 'lang="ar" dir="auto">دورات تدريبية جديدة في الخريف</h1>' in page
    assert 'alt="مدربة أمام لوح ورقي" lang="ar"' in page
    assert "نص عربي." in page and "Deutscher Text." not in page
    assert "vf-fallback-note" not in page


def test_a_missing_translation_falls_back_to_german_marked_as_german(client):
    post = PostFactory(title="Fristen für Mikroprojekte", body="<p>Bis 31. Dezember.</p>")
    page = client.get(detail(post, "fa")).content.decode()
    assert 'lang="de" dir="auto">Fristen für Mikroprojekte</h1>' in page
    assert 'class="vf-prose vf-richtext" lang="de" dir="auto"' in page
    assert "vf-fallback-note" in page


def test_the_post_page_costs_a_few_queries(client, django_assert_max_num_queries):
    post = PostFactory()
    post.topics.set(FieldOfAction.objects.all()[:4])
    post.districts.set(District.objects.all()[:4])
    with django_assert_max_num_queries(3):  # the post, its topics, its districts
        assert client.get(detail(post)).status_code == 200


# --- the start page ------------------------------------------------------------------------------------------


def test_the_start_page_shows_the_newest_three_public_posts(client, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(5):
        PostFactory(title=f"Nachricht {n}", published_at=now - timedelta(days=10 - n))
    scheduled(title="Morgen erst")
    from vielfalt.core import composition

    block = next(block for block in composition.START_PAGE.blocks() if block.name == "newest_posts")
    with django_assert_max_num_queries(1):
        context = block.context(None)
    assert context is not None and [post.title for post in context["posts"]] == [
        "Nachricht 4",
        "Nachricht 3",
        "Nachricht 2",
    ]

    page = client.get("/de/").content.decode()
    assert "Nachricht 4" in page and "Nachricht 2" in page and "Nachricht 1" not in page and "Morgen erst" not in page
    assert 'href="/de/aktuelles/"' in page


def test_the_start_page_leaves_the_block_out_without_posts(client):
    draft(title="Entwurf")
    assert 'id="news-title"' not in client.get("/de/").content.decode()


def test_an_image_that_was_uploaded_is_shown_from_media(client, personas, settings):
    """End to end: the image a staff member uploads is on the public page with its description."""
    from conftest import login

    login(client, personas.staff)
    data = {
        "kind": "news",
        "title": "Mit Bild",
        "teaser": "Ein Beitrag mit Bild.",
        "body": "<p>Text</p>",
        "image": image_file(),
        "image_alt": "Ein grünes Rechteck",
    }
    assert client.post("/de/staff/aktuelles/neu/", data).status_code == 302
    post = Post.objects.get(title="Mit Bild")
    client.post(f"/de/staff/aktuelles/{post.pk}/veroeffentlichen/", {"when": "now"})
    client.logout()
    page = client.get(detail(post)).content.decode()
    assert f'src="{post.image.url}" alt="Ein grünes Rechteck"' in page
