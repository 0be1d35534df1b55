from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from companies.decorators import member_of, member_required
from companies.models import Organization
from depok_csr.downloads import csv_download

from . import badges, exports, services
from .calendar import event_ics
from .forms import CheckInSearchForm, RegistrationForm
from .models import Event, Registration
from .services import TransitionError

PER_PAGE = 25
# Kinds in the order the attendance table and the list of organisations show them.
KINDS = [
    (Organization.Kind.COMPANY, gettext_lazy("Companies")),
    (Organization.Kind.ZAKAT_INSTITUTION, gettext_lazy("Zakat institutions")),
    (Organization.Kind.REGIONAL_AGENCY, gettext_lazy("Regional agencies")),
]
CHECK_IN_MATCHES = 25


def staff_required(permission):
    """The view is for Bappeda staff holding `permission`: others get 403, visitors sign in."""

    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- public pages ------------------------------------------------------------------------------


def event_list(request):
    """Public: published events, the coming ones first, then past ones by page; or as CSV."""
    published = Event.objects.published().with_participant_count()
    if request.GET.get("format") == "csv":
        return event_csv(request, published.order_by("-date"))
    past = published.filter(date__lt=timezone.localdate()).order_by("-date")
    context = {
        "coming": Event.objects.upcoming().with_participant_count(),
        "page_obj": Paginator(past, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "events/event_list.html", context)


def event_detail(request, slug):
    """Public: a published event, its attendance by kind, participants and announced pledges.

    Signed-in members also see their organisation's registrations; staff the door's tools.
    """
    event = get_object_or_404(Event.objects.published(), slug=slug)
    attendance = event.attendance()
    context = {
        "event": event,
        "attendance": attendance,
        "attendance_rows": [(label, attendance.by_kind.get(kind, 0)) for kind, label in KINDS],
        "participants": _participants(event, attendance),
        "commitments": event.announced_commitments.public()
        .select_related("partner", "theme")
        .order_by("partner__name", "pk"),
        **_registration_panel(request, event, attendance),
    }
    return render(request, "events/event_detail.html", context)


def _participants(event, attendance):
    """Active organisations counted in the attendance, by kind then name; no people."""
    organizations = list(
        Organization.objects.active()
        .filter(pk__in=event.participants(attendance).values("organization"))
        .only("name", "slug", "kind")
        .order_by("name")
    )
    return [(label, [o for o in organizations if o.kind == kind]) for kind, label in KINDS]


def _registration_panel(request, event, attendance):
    """Whether registration is open, and what the visitor may do about it."""
    register_url = reverse("events:registration_create", args=[event.slug])
    user = request.user
    panel = {
        "closed_reason": event.registration_closed_reason(),
        "is_full": event.capacity is not None and attendance.registrations >= event.capacity,
        "login_url": redirect_to_login(register_url).url,
        "register_url": register_url,
        "own_registrations": [],
        "is_member": False,
        "staff_tools": user.has_perm("events.view_registration"),
        "can_check_in": services.can_check_in(user),
    }
    if user.is_authenticated:
        organizations = member_of(user)
        panel["is_member"] = organizations.exists()
        panel["own_registrations"] = list(
            event.registrations.active()
            .filter(organization__in=organizations)
            .select_related("organization")
            .order_by("organization__name", "representative_name")
        )
    return panel


def event_calendar(request, slug):
    """Public: a published event as an iCalendar file, to add it to a calendar."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    response = HttpResponse(
        event_ics(event, base_url=_base_url(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def event_csv(request, events):
    """The published events with their venue and how many organisations took part."""
    header = [
        _("Name"),
        _("Date"),
        _("Venue"),
        _("City"),
        _("Organiser"),
        _("Organizations taking part"),
        _("Address on the portal"),
    ]
    rows = (
        [
            e.name,
            e.date,
            e.venue,
            e.city,
            e.organiser,
            e.participant_count,
            request.build_absolute_uri(reverse("events:event_detail", args=[e.slug])),
        ]  # fmt: skip
        for e in events
    )
    return csv_download("acara.csv", header, rows)


# --- members: registration, badge, cancellation --------------------------------------------------


@member_required
def registration_create(request, slug):
    """Partner or agency officer: register a representative of their own organisation."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if reason := event.registration_closed_reason():
        messages.warning(request, reason)
        return redirect("events:event_detail", slug=event.slug)
    form = RegistrationForm(
        request.POST or None,
        organizations=member_of(request.user),
        initial={"organization": request.organization, **_representative_of(request.user)},
    )
    if form.is_valid():
        try:
            registration = services.registration_create(
                event=event, actor=request.user, base_url=_base_url(request), **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Registered. The confirmation is on its way by email."))
            return redirect(_badge_url(registration))
    return render(request, "events/registration_form.html", {"event": event, "form": form})


def _representative_of(user):
    return {"representative_name": user.get_full_name(), "email": user.email}


def _badge_url(registration):
    return reverse(
        "events:registration_badge", args=[registration.event.slug, registration.checkin_code]
    )


def _code(value) -> str:
    """A check-in code from an address or a form; what cannot be one is a 404 (a NUL character
    would not even reach a query on PostgreSQL)."""
    if not (value and value.isascii() and value.isalnum()):
        raise Http404("Not a check-in code.")
    return value


def _visible_registration(request, slug, code):
    """The user's organisation's (or, for staff, any) registration that stands, else 404."""
    return get_object_or_404(
        Registration.objects.visible_to(request.user)
        .active()
        .select_related("event", "organization"),
        event__slug=slug,
        checkin_code=_code(code),
    )


@login_required
def registration_badge(request, slug, code):
    """Partner or agency officer of the registered organisation, and staff: the printable badge."""
    registration = _visible_registration(request, slug, code)
    qr_code = badges.qr_svg(
        registration,
        base_url=_base_url(request),
        title=_("QR code of the check-in for %(name)s")
        % {"name": registration.representative_name},
    )
    context = {
        "registration": registration,
        "event": registration.event,
        "qr_code": qr_code,
        "may_cancel": not registration.checked_in_at
        and timezone.localdate() < registration.event.date,
    }
    return render(request, "events/registration_badge.html", context)


@login_required
@require_POST
def registration_cancel(request, slug, code):
    """Partner or agency officer of the registered organisation, and staff: cancel it."""
    registration = _visible_registration(request, slug, code)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(_badge_url(registration))
    messages.success(
        request,
        _("The registration of %(name)s is cancelled.")
        % {"name": registration.representative_name},
    )
    return redirect("events:event_detail", slug=slug)


# --- staff: the door and the lists ----------------------------------------------------------------


@staff_required("events.change_registration")
def checkin(request, slug):
    """Staff: find a registration by code, scanned badge, name or organisation; live figures."""
    event = get_object_or_404(Event, slug=slug)
    form = CheckInSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = event.attendance_rows()
    context = {
        "event": event,
        "form": form,
        "query": query,
        "matches": _matches(event, query),
        "figures": [(label, rows.get(kind, _NO_FIGURES)) for kind, label in KINDS],
        "totals": {key: sum(row[key] for row in rows.values()) for key in _FIGURES},
    }
    return render(request, "events/checkin.html", context)


_FIGURES = ("registered", "present", "people", "people_in")
_NO_FIGURES = dict.fromkeys(_FIGURES, 0)


def _matches(event, query):
    """The registrations the search finds (cancelled ones too, marked); else the latest in."""
    registrations = event.registrations.select_related("organization", "checked_in_by")
    if not query:
        return list(registrations.checked_in().order_by("-checked_in_at")[:10])
    found = registrations.filter(
        Q(checkin_code=query.upper())
        | Q(representative_name__icontains=query)
        | Q(organization__name__icontains=query)
        | Q(organization__short_name__icontains=query)
    )
    return list(found.order_by("organization__name", "representative_name")[:CHECK_IN_MATCHES])


@staff_required("events.change_registration")
@require_POST
def checkin_confirm(request, slug):
    """Staff: check the registration with the posted code in, once."""
    event = get_object_or_404(Event, slug=slug)
    registration = get_object_or_404(
        event.registrations, checkin_code=_code(request.POST.get("code"))
    )
    try:
        services.registration_check_in(registration=registration, actor=request.user)
    except TransitionError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s (%(org)s) is checked in.")
            % {"name": registration.representative_name, "org": registration.organization},
        )
    return redirect(f"{reverse('events:checkin', args=[slug])}?q={registration.checkin_code}")


@staff_required("events.view_registration")
def attendee_download(request, slug, file_format):
    """Staff: the attendee list with contact details and check-in times, as CSV or XLSX."""
    event = get_object_or_404(Event, slug=slug)
    if file_format == "xlsx":
        return exports.attendee_xlsx(event)
    return exports.attendee_csv(event)


@staff_required("events.view_registration")
def attendance_sheet(request, slug):
    """Staff: the printable attendance sheet, with a column for each signature."""
    event = get_object_or_404(Event, slug=slug)
    context = {"event": event, "registrations": exports.attendees(event)}
    return render(request, "events/attendance_sheet.html", context)
