"""Kinds of organisation, levels of the administrative tree, and roles people hold."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("province")  # 省
    CITY = "city", _("city")  # 市
    COUNTY = "county", _("county")  # 县（市、区）
    TOWNSHIP = "township", _("township")  # 乡镇（街道）


LEVEL_ORDER = [Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP]


class Kind(models.TextChoices):
    JUSTICE_BUREAU = "justice_bureau", _("justice bureau")  # 司法局（厅）
    JUDICIAL_OFFICE = "judicial_office", _("judicial office")  # 司法所
    RECONSIDERATION_BODY = "reconsideration_body", _("reconsideration body")  # 行政复议机构
    ENFORCEMENT_AGENCY = "enforcement_agency", _("enforcement agency")  # 行政执法部门
    PUBLIC_SECURITY = "public_security", _("public security")  # 公安
    PROCURATORATE = "procuratorate", _("procuratorate")  # 检察院
    COURT = "court", _("court")  # 法院
    LEGAL_AID_CENTRE = "legal_aid_centre", _("legal aid centre")  # 法律援助中心
    MEDIATION_COMMITTEE = "mediation_committee", _("mediation committee")  # 人民调解委员会
    NOTARY_OFFICE = "notary_office", _("notary office")  # 公证处
    APPRAISAL_INSTITUTION = "appraisal_institution", _("appraisal institution")  # 司法鉴定机构
    LAW_FIRM = "law_firm", _("law firm")  # 律师事务所


class Role(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    ENTERPRISE = "enterprise", _("enterprise")
    LAWYER = "lawyer", _("lawyer")
    MEDIATOR = "mediator", _("mediator")
    NOTARY = "notary", _("notary")
    RECONSIDERATION_OFFICER = "reconsideration_officer", _("reconsideration officer")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("enforcement officer")
    CORRECTION_OFFICER = "correction_officer", _("correction officer")
    CORRECTION_SUBJECT = "correction_subject", _("correction subject")
    SUPERVISOR = "supervisor", _("supervisor")
    LIAISON = "liaison", _("liaison")
    ADMINISTRATOR = "administrator", _("administrator")


# People who use the platform for themselves, not for an organisation.
PUBLIC_ROLES = frozenset({Role.CITIZEN, Role.ENTERPRISE, Role.CORRECTION_SUBJECT})
STAFF_ROLES = frozenset(set(Role) - PUBLIC_ROLES)
# A membership with one of these roles also covers every organisation below its own:
# a county supervisor oversees the township offices (issue #2 §3).
SUBTREE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
