"""Small things a person notices (issue 20, items 20–26): names read out by share buttons, one period after
"p.m.", no "missed" days before a goal existed, an honest conflict notice, a staff invitation that says who and
where, an audit log in words, a sorted roster and a header on one line, and an emergency view without actions."""

import ast
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from accounts import visits

from .factories import ClientFactory, EmergencyAccessFactory, MicroGoalFactory, SafetyPlanFactory
from .test_authorization_matrix import MATRIX, THERAPIST_ONLY
from .test_layers import PRODUCT_PACKAGES

ROOT = Path(settings.BASE_DIR)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class _Links(HTMLParser):
    """The links and the post forms of a page's <main>, with the accessible text of its buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.post_actions, self.buttons = [], [], []
        self._main, self._button = 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._main += 1
        if not self._main:
            return
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.hrefs.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.post_actions.append(attrs.get("action") or "")
        if tag == "button":
            self._button = []

    def handle_endtag(self, tag):
        if tag == "main":
            self._main -= 1
        if tag == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button.append(data)


def links_of(response):
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


# 20. Share buttons name the item as a person would ------------------------------------------------------


def test_share_buttons_name_the_item_not_its_id(client, login, therapist, client_record):
    from portfolio.models import EmpowermentPlan, JournalEntry

    EmpowermentPlan.objects.create(
        client=client_record, created_by=therapist, values="Honesty", shared_with_client=True
    )
    JournalEntry.objects.create(
        client=client_record, author=therapist, text="A good week", written_on=dt.date(2026, 12, 6), kind="victory"
    )
    MicroGoalFactory(client=client_record, title="Ten-minute walk")
    login(therapist)
    buttons = links_of(client.get(reverse("portfolio:home", args=[client_record.pk]))).buttons
    shares = [text for text in buttons if text.startswith(("Share with client", "Stop sharing"))]
    assert len(shares) == 3
    assert not [text for text in shares if UUID.search(text)], shares
    assert "Stop sharing Empowerment plan" in shares
    assert "Share with client Journal entry of Dec. 6, 2026 (Victory)" in shares
    assert "Share with client Ten-minute walk" in shares


def test_every_shareable_kind_has_a_name_without_an_id(therapist, client_record):
    from clients import sharing

    for kind, model in sharing.KINDS.items():
        assert "{self.id}" not in _source_of_str(model), f"{kind}: its __str__ reads out its id"


def _source_of_str(model):
    import inspect

    return inspect.getsource(model.__str__)


# 21. One period after "p.m." -------------------------------------------------------------------------------


EVENING = dt.datetime(2026, 12, 6, 19, 20, tzinfo=dt.UTC)


def test_no_page_shows_a_double_period_after_a_time(client, login, admin, therapist, client_user, client_record):
    pages = []
    with time_machine.travel(EVENING, tick=False):
        # The emergency banner and the request page of an access already open (ends in the evening).
        EmergencyAccessFactory(admin=admin, client=client_record, ends_at=EVENING + dt.timedelta(minutes=40))
        login(admin)
        pages.append(client.get(client_record.get_absolute_url()))
        pages.append(client.get(reverse("accounts:emergency_access_start", args=[client_record.pk])))
        client.logout()
        # The conflict notice: saved in the evening.
        plan = SafetyPlanFactory(client=client_record, warning_signs="First")
        login(therapist)
        url = reverse("clients:safety_plan_edit", args=[client_record.pk])
        client.post(url, {"warning_signs": "Saved first", "version": plan.version})
        pages.append(client.post(url, {"warning_signs": "Typed second", "version": plan.version}))
        client.logout()
        # The portal's "last visit": the sign-in before this one was in the evening.
        login(client_user)
        session = client.session
        session[visits.SESSION_PREVIOUS_VISIT] = (EVENING - dt.timedelta(days=1)).isoformat()
        session.save()
        pages.append(client.get(reverse("portal:home")))
    texts = [page.content.decode() for page in pages]
    assert all(page.status_code == 200 for page in pages)
    for text in texts:
        assert re.search(r"\d(:\d\d)? [ap]\.m\.", text)  # a time is shown (in the clinic's zone) ...
        assert "m.." not in text  # ... and a sentence ending on it has one period


def test_a_closed_records_refusal_has_one_period_after_the_time(client_record):
    from clients import discharge

    client_record.discharged_at = EVENING
    with time_machine.travel(EVENING, tick=False):
        message = str(discharge.refused_message(client_record))
    assert "m.." not in message
    assert "p.m." in message or "a.m." in message or ":" in message


def test_no_template_ends_a_sentence_right_after_a_time_without_before_period():
    """Every sentence that ends on a formatted time (or date and time) goes through `before_period`."""
    bound = re.compile(r"(\w+)=([\w.]+)((?:\|[^\s%]+)*)")
    offenders = []
    for path in (ROOT / "templates").rglob("*.*"):
        text = path.read_text()
        for tag in re.finditer(r"{% blocktranslate ([^%]*)%}(.*?){% endblocktranslate %}", text, re.S):
            for name, _value, filters in bound.findall(tag.group(1)):
                timed = "TIME_FORMAT" in filters or "|time" in filters or "updated_at" in _value
                if timed and "{{ " + name + " }}." in tag.group(2) and "before_period" not in filters:
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders


# 22. No missed days before a goal existed ---------------------------------------------------------------


def test_a_goal_made_today_has_missed_nothing(client, login, therapist, client_record):
    MicroGoalFactory(client=client_record, title="Ten-minute walk", cadence="daily")
    login(therapist)
    page = client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()
    assert page.count('aria-label="not done"') == 1  # today only
    assert page.count("not yet (the goal was set later)") == 6


def test_the_first_day_of_a_goal_is_the_day_in_the_persons_time_zone(therapist, client_record):
    from portfolio.selectors import goals_with_week

    # Made at 1 a.m. UTC on the 7th: still the evening of the 6th in New York.
    goal = MicroGoalFactory(client=client_record, created_at=dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC))
    with timezone.override("America/New_York"):
        row = goals_with_week(client=client_record, user=therapist, today=dt.date(2026, 12, 8))[0]
    assert row["goal"] == goal
    states = {day: due for day, _done, due in row["week"]}
    assert states[dt.date(2026, 12, 6)] is True
    assert states[dt.date(2026, 12, 5)] is None


# 23. The conflict notice says who saved and what differs ------------------------------------------------


def test_the_conflict_notice_knows_it_was_you_and_lists_what_differs(client, login, therapist, client_record):
    plan = SafetyPlanFactory(client=client_record, warning_signs="Sleeping less", coping_on_my_own="")
    login(therapist)
    url = reverse("clients:safety_plan_edit", args=[client_record.pk])
    opened = {"warning_signs": "Sleeping less", "coping_on_my_own": "", "version": plan.version}
    opened["reasons_for_living"] = plan.reasons_for_living
    assert client.post(url, opened | {"coping_on_my_own": "A walk"}).status_code == 302
    page = client.post(url, opened | {"warning_signs": "Not sleeping"}).content.decode()
    assert "someone else" not in page.lower()
    assert "beside" not in page
    assert "What you saved in another tab or window" in page
    assert "shown above it" in page
    differing = re.search(r"Different from your text:([^<]*)<", page).group(1)
    assert "Warning signs" in differing
    assert "Things I can do on my own" in differing
    assert "worth living for" not in differing  # the same in both


# 24. The staff invitation says who and where (tests/accounts/test_invitations.py) ----------------------


# 25. The audit log in words -----------------------------------------------------------------------------


def _written_action_codes():
    """Every action code the product writes: the second argument of each audit `record` / `record_view` call
    (and each `action=` of a create_once call, of a migration's or a demo's audit rows), resolved through f-strings, conditionals and
    local variables or parameters. Returns {code: "file:line"} and what could not be resolved."""
    codes, unresolved = {}, []
    for path in sorted(p for app in PRODUCT_PACKAGES for p in (ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text())
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            keyword = next((k.value for k in call.keywords if k.arg == "action"), None)
            if name in ("record", "record_view"):
                arguments = [call.args[1] if len(call.args) > 1 else keyword]
            elif name in ("create", "AuditEvent", "create_once") and keyword is not None:  # create_once audits it
                arguments = [keyword]
            elif name == "save_the_one":  # it audits the codes it is given as created= and updated=
                arguments = [k.value for k in call.keywords if k.arg in ("created", "updated")]
            else:
                continue
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            enclosing = [f for f in functions if f.lineno <= call.lineno <= f.end_lineno]
            function = min(enclosing, key=lambda f: f.end_lineno - f.lineno) if enclosing else None
            for argument in arguments:
                found = _strings(argument, function, tree)
                if not found:
                    unresolved.append(where)
                for code in found:
                    codes.setdefault(code, where)
    return codes, unresolved


def _strings(node, function, tree):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(part.value if isinstance(part, ast.Constant) else "*" for part in node.values)]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, function, tree) + _strings(node.orelse, function, tree)
    if isinstance(node, ast.Name) and function is not None:
        found = []
        for sub in ast.walk(function):
            if isinstance(sub, ast.Assign) and any(getattr(t, "id", None) == node.id for t in sub.targets):
                found += _strings(sub.value, None, tree)
        if node.id in [arg.arg for arg in function.args.args + function.args.kwonlyargs]:
            for sub in ast.walk(tree):
                if isinstance(sub, ast.Call) and function.name in (
                    getattr(sub.func, "id", ""),
                    getattr(sub.func, "attr", ""),
                ):
                    found += [s for k in sub.keywords if k.arg == node.id for s in _strings(k.value, None, tree)]
        return found
    return []


def _expanded(code):
    """A code built from a model's name or a kind ("*.archive") as each code it stands for."""
    from advocacy.models import AdvocacyPlan
    from clients.models import SupportPerson
    from disclosure.models import DisclosurePlan
    from portfolio import views as portfolio_views
    from portfolio.models import MicroGoal

    expansions = {
        "*.archive": [m._meta.model_name for m in (AdvocacyPlan, MicroGoal, SupportPerson, DisclosurePlan)],
        "*.create": [m._meta.model_name for m in portfolio_views.MODELS.values()],
        "portfolio.*.new.view": list(portfolio_views.ITEMS),
    }
    if "*" not in code:
        return [code]
    assert code in expansions, f"{code}: say which codes it stands for in _expanded"
    return [code.replace("*", part) for part in expansions[code]]


def test_every_action_code_written_anywhere_has_a_label():
    from audit.forms import action_label

    def has_label(code):  # a whole label: "What: what was done", not just the subject (or nothing)
        return ": " in action_label(code)

    codes, unresolved = _written_action_codes()
    # The definitions themselves, and the demo's rows that copy codes from tuples of real ones.
    assert {where.split(":")[0] for where in unresolved} <= {
        "audit/recording.py",
        "clients/editing.py",  # create_once, save_the_one: their callers' codes are read where they call them
        "demo/scale.py",
        "demo/scale_record.py",
    }, unresolved
    for expected in ("staff.deactivate", "emergency_access.start", "account.email_conflict", "share.on"):
        assert expected in codes
    missing = [f"{code} ({codes[pattern]})" for pattern in codes for code in _expanded(pattern) if not has_label(code)]
    assert not missing
    assert action_label("staff.deactivate") == "Staff account: deactivated"
    assert action_label("emergency_access.start") == "Emergency access: started"


def test_the_audit_log_names_the_staff_member_acted_on(client, login, admin, colleague):
    from clinics import services

    services.staff_deactivate(member=colleague, by_admin=admin)
    login(admin)
    page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "Staff account: deactivated — Bob Colleague" in page
    assert "<code>staff.deactivate</code>" in page


# 26. A sorted roster, and an emergency view without actions -------------------------------------------


def test_the_roster_is_sorted_by_the_name_shown(client, login, admin, clinic, therapist):
    for preferred, legal in [("", "Zoe Quinn"), ("amy", "Amelia Stone"), ("Bea", "Beatrice Long"), ("", "Carl Diaz")]:
        ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name=preferred, legal_name=legal)
    login(admin)
    page = client.get(reverse("clients:roster")).content.decode()
    names = re.findall(r"<tr>\s*<td>([^<]+)</td>", page)
    assert names == sorted(names, key=str.lower)
    assert names[0] == "amy"
    assert names[-1] == "Zoe Quinn"


RECORD_PAGES = sorted(
    name for name, entry in MATRIX.items() if entry.client_scoped and entry.outcomes == THERAPIST_ONLY
)


@pytest.mark.parametrize("name", RECORD_PAGES)
def test_the_emergency_view_offers_no_action_it_would_refuse(name, cast, client, login):
    """Under emergency access the record is read-only: no link on it leads to a page that refuses the admin,
    and it holds no form that would change the record."""
    entry, admin = MATRIX[name], cast["admin"]
    EmergencyAccessFactory(admin=admin, client=cast["client_record"])
    login(admin)
    response = client.get(reverse(name, kwargs=entry.kwargs(cast)))
    if response.status_code != 200:
        return
    found = links_of(response)
    assert not [action for action in found.post_actions if "/emergency" not in action], found.post_actions
    refused = []
    for href in set(found.hrefs):
        try:
            resolve(href.split("?")[0])
        except Resolver404:
            continue
        if client.get(href).status_code == 403:
            refused.append(href)
    assert not refused
