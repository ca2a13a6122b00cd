"""What the API says about each record: the facts its page shows, with links to the page
(``web_url``) and, for packs, to the existing download pages. Read-only throughout."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compact.models import Code, Commitment, Consultation
from grants.models import Award, Fund
from partnerships.models import (
    AgendaItem,
    AgendaPack,
    Board,
    Meeting,
    Membership,
    Partnership,
    Report,
)
from workprogramme.models import Risk, Task, WorkProgramme

MONEY = {"max_digits": 12, "decimal_places": 2, "coerce_to_string": True}


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class WebUrlMixin(serializers.Serializer):
    web_url = serializers.SerializerMethodField(help_text="The record's page in the portal.")

    def get_web_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PartnershipSerializer(WebUrlMixin, serializers.ModelSerializer):
    accountable_body = NamedSerializer(allow_null=True)
    lead_officer = serializers.SerializerMethodField()
    current_resources = serializers.DecimalField(
        **MONEY, help_text="Cash and in kind this financial year, in pounds."
    )
    over_threshold = serializers.BooleanField()
    needs_risk_assessment = serializers.BooleanField()
    review_overdue = serializers.BooleanField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "name",
            "kind",
            "status",
            "purpose",
            "geography",
            "start_date",
            "end_date",
            "accountable_body",
            "accountable_to",
            "commissioned_by",
            "lead_officer",
            "current_resources",
            "over_threshold",
            "needs_risk_assessment",
            "review_overdue",
            "web_url",
        ]

    def get_lead_officer(self, obj) -> str | None:
        return obj.lead_officer.get_full_name() if obj.lead_officer else None


class BoardSerializer(WebUrlMixin, serializers.ModelSerializer):
    partnership_name = serializers.CharField(source="partnership.name")

    class Meta:
        model = Board
        fields = [
            "id",
            "partnership",
            "partnership_name",
            "name",
            "kind",
            "public",
            "quorum",
            "meeting_frequency",
            "pack_lead_days",
            "web_url",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person_name")
    organisation = NamedSerializer(allow_null=True)
    board_name = serializers.CharField(source="board.name")
    current = serializers.BooleanField(source="is_current")

    class Meta:
        model = Membership
        fields = [
            "id",
            "board",
            "board_name",
            "person",
            "organisation",
            "role",
            "voting",
            "start_date",
            "end_date",
            "current",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField(
        help_text="Signed out, an exempt item's neutral public title."
    )
    report = serializers.SerializerMethodField(
        help_text="The report's address in this API, if the reader may read it."
    )

    class Meta:
        model = AgendaItem
        fields = ["id", "number", "title", "kind", "exempt", "exempt_paragraph", "report"]

    def get_title(self, item) -> str:
        return item.title if self.context.get("full_titles") else item.shown_title

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_report(self, item):
        if item.report_id is None or item.report_id not in self.context.get("reports", ()):
            return None
        return absolute(
            self.context.get("request"), reverse("api:report-detail", args=[item.report_id])
        )


class PackSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="The pack's PDF.")

    class Meta:
        model = AgendaPack
        fields = ["id", "label", "version", "restricted", "published_at", "page_count"]
        fields += ["download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, pack):
        name = "partnerships:pack_download" if self.context.get("signed_in") else "public:pack"
        return absolute(self.context.get("request"), reverse(name, args=[pack.pk]))


class MeetingSerializer(serializers.ModelSerializer):
    board_name = serializers.CharField(source="board.name")
    partnership = serializers.IntegerField(source="board.partnership_id")
    papers_published = serializers.SerializerMethodField(
        help_text="Its public agenda pack is published (the public site shows its papers)."
    )
    items = serializers.SerializerMethodField()
    packs = serializers.SerializerMethodField(help_text="Published packs, with their PDFs.")
    web_url = serializers.SerializerMethodField(help_text="The meeting's page.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "board",
            "board_name",
            "partnership",
            "start",
            "venue",
            "online_link",
            "status",
            "papers_published",
            "items",
            "packs",
            "web_url",
        ]

    def get_papers_published(self, meeting) -> bool:
        return meeting.pk in self.context.get("published", ())

    def _reads_exempt(self, meeting) -> bool:
        boards = self.context.get("exempt_boards")
        return boards is None or meeting.board_id in boards

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_items(self, meeting):
        items = list(meeting.items.all())
        if self.context.get("signed_in"):
            if not self._reads_exempt(meeting):
                items = [i for i in items if not i.exempt]
            context = {**self.context, "full_titles": True}
        elif meeting.pk in self.context.get("published", ()):
            context = {**self.context, "full_titles": False}
        else:
            items, context = [], self.context
        return AgendaItemSerializer(items, many=True, context=context).data

    @extend_schema_field(PackSerializer(many=True))
    def get_packs(self, meeting):
        packs = list(meeting.packs.all())
        if not self._reads_exempt(meeting):
            packs = [p for p in packs if not p.restricted]
        return PackSerializer(packs, many=True, context=self.context).data

    def get_web_url(self, meeting) -> str:
        if self.context.get("signed_in"):
            path = meeting.get_absolute_url()
        elif meeting.pk in self.context.get("published", ()):
            path = reverse("public:meeting", args=[meeting.pk])
        else:
            path = reverse("public:board", args=[meeting.board_id])
        return absolute(self.context.get("request"), path)


class ImplicationsSerializer(serializers.Serializer):
    legal = serializers.CharField()
    financial = serializers.CharField()
    human_resources = serializers.CharField()
    equality = serializers.CharField()
    rural = serializers.CharField()
    public_health = serializers.CharField()
    risk = serializers.CharField()


class ReportSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id")
    board = serializers.IntegerField(source="agenda_item.meeting.board_id")
    item_number = serializers.IntegerField(source="agenda_item.number")
    exempt = serializers.BooleanField(source="agenda_item.exempt")
    recommendations = serializers.ListField(
        child=serializers.CharField(), source="recommendation_list"
    )
    implications = serializers.SerializerMethodField(help_text="Rich text (HTML); blank: none.")
    web_url = serializers.SerializerMethodField(help_text="The report's page.")

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "status",
            "meeting",
            "board",
            "item_number",
            "exempt",
            "description",
            "purpose",
            "decision_required",
            "report_of",
            "author",
            "publication_date",
            "key_decision_ref",
            "wards_affected",
            "summary",
            "recommendations",
            "reasons",
            "options",
            "background",
            "implications",
            "background_papers",
            "web_url",
        ]

    @extend_schema_field(ImplicationsSerializer)
    def get_implications(self, report):
        return {name: getattr(report, name) for name, _ in Report.IMPLICATIONS}

    def get_web_url(self, report) -> str:
        if self.context.get("signed_in"):
            path = report.get_absolute_url()
        else:
            path = reverse("public:report", args=[report.pk])
        return absolute(self.context.get("request"), path)


class FundSerializer(WebUrlMixin, serializers.ModelSerializer):
    funder = NamedSerializer()
    budget = serializers.DecimalField(**MONEY)
    standard_amount = serializers.DecimalField(**MONEY, allow_null=True)
    committed_total = serializers.DecimalField(**MONEY)
    paid_total = serializers.DecimalField(**MONEY)
    headroom = serializers.DecimalField(**MONEY, source="headroom_total")

    class Meta:
        model = Fund
        fields = [
            "id",
            "name",
            "financial_year",
            "status",
            "route",
            "funder",
            "board",
            "budget",
            "standard_amount",
            "committed_total",
            "paid_total",
            "headroom",
            "description",
            "web_url",
        ]


class AwardSerializer(WebUrlMixin, serializers.ModelSerializer):
    fund_name = serializers.CharField(source="fund.name")
    recipient_organisation = NamedSerializer(allow_null=True)
    recipient_partnership = NamedSerializer(allow_null=True)
    amount = serializers.DecimalField(**MONEY)
    paid_total = serializers.DecimalField(**MONEY)

    class Meta:
        model = Award
        fields = [
            "id",
            "fund",
            "fund_name",
            "title",
            "purpose",
            "recipient_organisation",
            "recipient_partnership",
            "amount",
            "paid_total",
            "route",
            "status",
            "start_date",
            "end_date",
            "web_url",
        ]


class WorkProgrammeSerializer(WebUrlMixin, serializers.ModelSerializer):
    partnership_name = serializers.CharField(source="partnership.name")
    task_count = serializers.IntegerField()
    level_one = serializers.IntegerField(help_text="Tasks at priority level 1.")

    class Meta:
        model = WorkProgramme
        fields = [
            "id",
            "partnership",
            "partnership_name",
            "title",
            "period_start",
            "period_end",
            "status",
            "introduction",
            "task_count",
            "level_one",
            "web_url",
        ]


class TaskSerializer(WebUrlMixin, serializers.ModelSerializer):
    lead_organisation = NamedSerializer(allow_null=True)
    likelihood = serializers.IntegerField(
        source="current_assessment.likelihood", allow_null=True, default=None
    )
    impact = serializers.IntegerField(
        source="current_assessment.impact", allow_null=True, default=None
    )
    staff_days = serializers.DecimalField(max_digits=7, decimal_places=1, coerce_to_string=True)
    budget = serializers.DecimalField(**MONEY)

    class Meta:
        model = Task
        fields = [
            "id",
            "programme",
            "number",
            "title",
            "description",
            "source",
            "audit_commission",
            "lead_organisation",
            "lead_person",
            "status",
            "status_reason",
            "comments",
            "staff_days",
            "budget",
            "likelihood",
            "impact",
            "priority",
            "web_url",
        ]


class RiskSerializer(WebUrlMixin, serializers.ModelSerializer):
    log_name = serializers.CharField(source="log.name")
    partnership = serializers.IntegerField(source="log.partnership_id")
    inherent_score = serializers.IntegerField()
    residual_score = serializers.IntegerField()
    review_overdue = serializers.BooleanField()
    above_appetite = serializers.BooleanField()

    class Meta:
        model = Risk
        fields = [
            "id",
            "log",
            "log_name",
            "partnership",
            "reference",
            "title",
            "cause",
            "effect",
            "category",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_score",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "target_likelihood",
            "target_impact",
            "treatment",
            "status",
            "review_date",
            "review_overdue",
            "above_appetite",
            "web_url",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    check_label = serializers.CharField(help_text="What the portal checks, in words.")

    class Meta:
        model = Commitment
        fields = ["id", "code", "reference", "number", "text", "whose", "check_kind"]
        fields += ["check_number", "check_label"]


class CodeSerializer(serializers.ModelSerializer):
    compact_name = serializers.CharField(source="compact.name")
    commitments = CommitmentSerializer(many=True)

    class Meta:
        model = Code
        fields = ["id", "compact", "compact_name", "number", "title", "summary", "commitments"]


class ConsultationSerializer(WebUrlMixin, serializers.ModelSerializer):
    compact_name = serializers.CharField(source="compact.name")
    organisation = NamedSerializer(allow_null=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "compact",
            "compact_name",
            "title",
            "organisation",
            "owner",
            "start_date",
            "end_date",
            "consultees",
            "groups_affected",
            "formative_stage",
            "reasons_given",
            "adequate_time",
            "responses_considered",
            "shorter_reason",
            "outcome",
            "web_url",
        ]
