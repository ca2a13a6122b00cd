"""The read-only JSON API, /api/v1/: each list and record that a page of the portal shows,
under that page's rules (``api.permissions``, ``api.selectors``), and the token pages the
profile page posts to."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from compact.filters import ConsultationFilter
from grants.filters import AwardFilter, FundFilter
from partnerships.filters import PartnershipFilter
from portal import twofactor
from portal.access import PUBLIC, SIGNED_IN, check
from workprogramme.filters import ProgrammeFilter, RiskFilter, TaskFilter

from . import selectors, serializers
from .filters import (
    BoardFilter,
    CodeFilter,
    CommitmentFilter,
    MeetingFilter,
    MembershipFilter,
    ReportFilter,
)
from .models import ApiToken
from .services import TokenRefused, api_token_create, api_token_revoke

FRESH_KEY = "api_fresh_token"  # a new token's key, in the session until the profile shows it

ERRORS = {
    401: OpenApiResponse(description="No credentials, or a wrong or revoked token."),
    403: OpenApiResponse(description="Signed in, but this list is not for your role."),
    429: OpenApiResponse(description="Too many requests: wait and try again."),
}
DETAIL_ERRORS = {**ERRORS, 404: OpenApiResponse(description="No such record you may see.")}
PUBLIC_ERRORS = {k: v for k, v in ERRORS.items() if k != 403}
PUBLIC_DETAIL_ERRORS = {k: v for k, v in DETAIL_ERRORS.items() if k != 403}


class ApiView:
    """Every API view: its rule for the access check (``portal.access``'s system check reads
    ``access_rule``), its queryset from ``api.selectors``, its object checked as its page
    checks it."""

    list_rule: str | None = None
    object_rule: str | None = None
    selector = None

    @classmethod
    def declared_rule(cls) -> str:
        rules = [cls.list_rule or "public (signed out: the public site's records)"]
        if cls.object_rule:
            rules.append(cls.object_rule)
        return "API: " + " / ".join(rules)

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def signed_in(self) -> bool:
        return self.request.user.is_authenticated

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["signed_in"] = self.signed_in()
        return context


class ReadDetail(ApiView, generics.RetrieveAPIView):
    names_one_record = True

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        try:
            obj = queryset.get(pk=self.kwargs["pk"])
        except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
            raise NotFound("No such record.") from exc
        if self.object_rule and self.signed_in():
            try:
                check(self.request.user, obj, view=self.object_rule)
            except Http404 as exc:
                raise NotFound("No such record.") from exc
        return obj

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.get_object()  # an id the person may not see is 404 whatever the method
        return super().http_method_not_allowed(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        return queryset  # a record is found by its id alone


class ReadList(ApiView, generics.ListAPIView):
    pass


def read_views(name, serializer, selector, *, list_rule, object_rule, filterset, public=False):
    """The list and detail views of one kind of record."""
    errors, detail_errors = (
        (PUBLIC_ERRORS, PUBLIC_DETAIL_ERRORS) if public else (ERRORS, DETAIL_ERRORS)
    )
    attrs = {
        "serializer_class": serializer,
        "selector": staticmethod(selector),
        "list_rule": list_rule,
        "object_rule": object_rule,
    }
    tag = name.replace("_", " ")
    title = name.title().replace("_", "")
    list_class = type(f"{title}List", (ReadList,), {**attrs, "filterset_class": filterset})
    detail_class = type(f"{title}Detail", (ReadDetail,), attrs)
    return (
        extend_schema(tags=[tag], responses={200: serializer(many=True), **errors})(list_class),
        extend_schema(tags=[tag], responses={200: serializer, **detail_errors})(detail_class),
    )


PartnershipList, PartnershipDetail = read_views(
    "partnerships",
    serializers.PartnershipSerializer,
    selectors.partnerships_for,
    list_rule="partnerships.list_partnerships",
    object_rule="partnerships.view_partnership",
    filterset=PartnershipFilter,
)
BoardList, BoardDetail = read_views(
    "boards",
    serializers.BoardSerializer,
    selectors.boards_for,
    list_rule="partnerships.list_partnerships",
    object_rule="partnerships.view_partnership",
    filterset=BoardFilter,
)
MembershipList, MembershipDetail = read_views(
    "memberships",
    serializers.MembershipSerializer,
    selectors.memberships_for,
    list_rule="partnerships.list_partnerships",
    object_rule="partnerships.view_partnership",
    filterset=MembershipFilter,
)
FundList, FundDetail = read_views(
    "funds",
    serializers.FundSerializer,
    selectors.funds_for,
    list_rule="grants.list_funds",
    object_rule="grants.view_fund",
    filterset=FundFilter,
)
AwardList, AwardDetail = read_views(
    "awards",
    serializers.AwardSerializer,
    selectors.awards_for,
    list_rule="grants.list_awards",
    object_rule="grants.view_award",
    filterset=AwardFilter,
)
WorkProgrammeList, WorkProgrammeDetail = read_views(
    "work_programmes",
    serializers.WorkProgrammeSerializer,
    selectors.programmes_for,
    list_rule="workprogramme.list_programmes",
    object_rule="workprogramme.view_programme",
    filterset=ProgrammeFilter,
)
TaskList, TaskDetail = read_views(
    "tasks",
    serializers.TaskSerializer,
    selectors.tasks_for,
    list_rule="workprogramme.list_programmes",
    object_rule="workprogramme.view_programme",
    filterset=TaskFilter,
)
RiskList, RiskDetail = read_views(
    "risks",
    serializers.RiskSerializer,
    selectors.risks_for,
    list_rule="workprogramme.list_programmes",
    object_rule="workprogramme.view_programme",
    filterset=RiskFilter,
)
CodeList, CodeDetail = read_views(
    "compact_codes",
    serializers.CodeSerializer,
    selectors.codes_for,
    list_rule="compact.view_compact",
    object_rule="compact.view_compact",
    filterset=CodeFilter,
)
CommitmentList, CommitmentDetail = read_views(
    "compact_commitments",
    serializers.CommitmentSerializer,
    selectors.commitments_for,
    list_rule="compact.view_compact",
    object_rule="compact.view_compact",
    filterset=CommitmentFilter,
)
ConsultationList, ConsultationDetail = read_views(
    "consultations",
    serializers.ConsultationSerializer,
    selectors.consultations_for,
    list_rule="compact.view_compliance",
    object_rule="compact.view_compliance",
    filterset=ConsultationFilter,
)


# --- meetings and reports: signed out too, as the public site shows them ---------------------


class MeetingContext:
    """A page of meetings needs, besides its rows, three sets read once for the whole page:
    which meetings' papers are published, which boards' exempt items the reader sees, and
    which of the items' reports they may read."""

    def get_serializer(self, *args, **kwargs):
        if args:
            shown = args[0] if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(), **self.page_context(shown)}
            return self.get_serializer_class()(*args, **kwargs)
        return super().get_serializer(*args, **kwargs)

    def page_context(self, meetings) -> dict:
        user = self.request.user
        ids = [m.pk for m in meetings]
        reports = selectors.reports_for(user).filter(agenda_item__meeting__in=ids)
        return {
            "published": selectors.published_meeting_ids(meetings) if ids else set(),
            "exempt_boards": selectors.exempt_boards_of(user),
            "reports": set(reports.values_list("pk", flat=True)) if ids else set(),
        }


class MeetingView(MeetingContext):
    list_rule = None
    object_rule = "partnerships.view_partnership"
    serializer_class = serializers.MeetingSerializer
    selector = staticmethod(selectors.meetings_for)


@extend_schema(
    tags=["meetings"],
    description="Signed in: the meetings of the partnerships you may open, with the agenda "
    "items and packs you may read. Signed out: every meeting of a public board, with the "
    "public agenda and public packs of those whose papers are published.",
    responses={200: serializers.MeetingSerializer(many=True), **PUBLIC_ERRORS},
)
class MeetingList(MeetingView, ReadList):
    filterset_class = MeetingFilter


@extend_schema(
    tags=["meetings"],
    responses={200: serializers.MeetingSerializer, **PUBLIC_DETAIL_ERRORS},
)
class MeetingDetail(MeetingView, ReadDetail):
    pass


class ReportView:
    list_rule = None
    object_rule = "partnerships.view_report"
    serializer_class = serializers.ReportSerializer
    selector = staticmethod(selectors.reports_for)


@extend_schema(
    tags=["reports"],
    description="Cleared and published officer reports you may read (signed out: the public "
    "site's published reports).",
    responses={200: serializers.ReportSerializer(many=True), **PUBLIC_ERRORS},
)
class ReportList(ReportView, ReadList):
    filterset_class = ReportFilter


@extend_schema(
    tags=["reports"], responses={200: serializers.ReportSerializer, **PUBLIC_DETAIL_ERRORS}
)
class ReportDetail(ReportView, ReadDetail):
    pass


# --- the document and its page -----------------------------------------------------------


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document, for everyone (it describes the API, not anyone's records)."""

    access_rule = PUBLIC
    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored assets; its start-up script is a separate address, as
    the Content-Security-Policy allows no inline script."""

    access_rule = PUBLIC
    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "Partnership portal API"


# --- tokens: made and revoked from the profile page ----------------------------------------


class TokenPageMixin:
    access_rule = SIGNED_IN
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not twofactor.satisfied(request):  # TwoFactorMiddleware sends them first; again
            raise PermissionDenied("Give your second factor before making or revoking tokens.")
        return super().dispatch(request, *args, **kwargs)


class TokenCreateView(TokenPageMixin, View):
    def post(self, request):
        try:
            token, key = api_token_create(user=request.user, name=request.POST.get("name", ""))
        except TokenRefused as exc:
            messages.error(request, str(exc))
            return redirect("partnerships:profile")
        request.session[FRESH_KEY] = {"id": token.pk, "key": key}
        messages.success(
            request,
            f"Your token \u201c{token.name}\u201d was made. Copy its key now: it is not shown "
            "again.",
        )
        return redirect("partnerships:profile")


class TokenRevokeView(TokenPageMixin, View):
    def find(self, request, pk) -> ApiToken:
        """The person's own token: anyone else's is 404, whatever the method."""
        token = ApiToken.objects.filter(user=request.user, pk=pk).first()
        if token is None:
            raise Http404("No such token.")
        return token

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.find(request, kwargs["pk"])
        return super().http_method_not_allowed(request, *args, **kwargs)

    def post(self, request, pk):
        token = self.find(request, pk)
        api_token_revoke(token=token)
        messages.success(
            request, f"Your token \u201c{token.name}\u201d was revoked: it no longer works."
        )
        return redirect("partnerships:profile")
