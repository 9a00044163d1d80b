"""The evidence ledger's storage: registrations, the sequenced log, its tree and checkpoints.

Guarantees: every model here is append-only. save() refuses to change a stored row,
delete() and the querysets' update()/delete() refuse, and on PostgreSQL a trigger
(migration 0002) rejects UPDATE and DELETE at the database. The log's state is
therefore only ever extended by services.sequence_pending(), in one transaction that
writes entries, tree nodes and the signed checkpoint together.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerRowIsImmutable(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerRowIsImmutable("ledger rows cannot be updated")

    def delete(self):
        raise LedgerRowIsImmutable("ledger rows cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise LedgerRowIsImmutable("ledger rows cannot be updated")

    _raw_delete = delete


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("view",)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerRowIsImmutable(f"{type(self).__name__} rows cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerRowIsImmutable(f"{type(self).__name__} rows cannot be deleted")


class EvidenceType(models.TextChoices):
    """Kinds of evidence, 《行政诉讼法》第三十三条 / 《行政复议法》第四十三条."""

    DOCUMENTARY = "documentary", _("documentary evidence")  # 书证
    PHYSICAL = "physical", _("physical evidence")  # 物证
    AUDIOVISUAL = "audiovisual", _("audio-visual material")  # 视听资料
    ELECTRONIC = "electronic", _("electronic data")  # 电子数据
    WITNESS = "witness", _("witness testimony")  # 证人证言
    STATEMENT = "statement", _("statement of a party")  # 当事人的陈述
    EXPERT_OPINION = "expert_opinion", _("expert opinion")  # 鉴定意见
    INSPECTION = "inspection", _("inspection or on-site record")  # 勘验笔录、现场笔录


class Registration(AppendOnlyModel):
    """One piece of evidence registered at its source (证据登记 / 存证).

    `entry` holds the canonical entry bytes (entries.encode_entry) that the log hashes;
    the file itself stays in the owning department's storage. Unique per (content, org):
    a department registers the same file once.
    """

    number = models.CharField(_("registration number"), max_length=32, unique=True)
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64, db_index=True)
    evidence_type = models.CharField(_("evidence type"), max_length=32, choices=EvidenceType.choices)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("registering organisation"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registering officer"))
    case_reference = models.CharField(_("case reference"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_salt = models.BinaryField(max_length=16, blank=True, default=b"")
    registered_at = models.DateTimeField(_("registered at"))
    entry = models.BinaryField(_("log entry"))

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("evidence registration")
        verbose_name_plural = _("evidence registrations")
        constraints = [models.UniqueConstraint(fields=["content_sha256", "org"],
                                               name="ledger_registration_unique_content_org")]

    def __str__(self):
        return self.number


class LogEntry(AppendOnlyModel):
    """A sequenced entry: position `index` in the Merkle log, leaf = H(0x00 || entry)."""

    index = models.BigIntegerField(primary_key=True)
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="log_entry")
    entry = models.BinaryField()
    leaf_hash = models.BinaryField(max_length=32, db_index=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")

    def __str__(self):
        return f"#{self.index}"


class TreeNode(AppendOnlyModel):
    """MTH of the perfect subtree covering leaves [index * 2**level, (index + 1) * 2**level).

    Only complete subtrees are stored, so a row never changes once written; any proof
    is assembled from at most 2·log2(n) of them, fetched in one query.
    """

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta(AppendOnlyModel.Meta):
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="ledger_treenode_unique")]

    def __str__(self):
        return f"node {self.level}/{self.index}"


class SignedCheckpoint(AppendOnlyModel):
    """A checkpoint signed by the log's key (C2SP tlog-checkpoint as a signed note)."""

    size = models.BigIntegerField(unique=True)
    root = models.BinaryField(max_length=32)
    note = models.TextField()
    signed_at = models.DateTimeField()

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-size"]

    def __str__(self):
        return f"checkpoint {self.size}"


class PublishedCheckpoint(AppendOnlyModel):
    """A checkpoint with the witness cosignatures that met the trust policy."""

    size = models.BigIntegerField(unique=True)
    note = models.TextField()
    witnesses = models.JSONField(default=dict)  # {policy witness name: cosignature timestamp}
    published_at = models.DateTimeField()

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-size"]

    def __str__(self):
        return f"cosigned checkpoint {self.size}"


class SequencerLock(models.Model):
    """A single row locked (never changed) to serialise sequencing across processes."""

    id = models.PositiveSmallIntegerField(primary_key=True)

    def __str__(self):
        return "sequencer lock"


# --- monitoring (issue #5 §6) -------------------------------------------------------------

class MonitorCheckpoint(AppendOnlyModel):
    """A checkpoint the monitor fetched, verified and found consistent with all it saw before.

    `source` is "log" or a policy witness name. Rows are only ever added, and only for a
    size larger than the source's previous row, so the largest row is the reference every
    later checkpoint of any source must be consistent with (LEDGER.md §7 gossip).
    """

    LOG = "log"

    source = models.CharField(max_length=100)
    size = models.BigIntegerField()
    root = models.BinaryField(max_length=32)
    note = models.TextField()
    cosigned_at = models.DateTimeField(null=True, blank=True)  # the witness's cosignature time
    observed_at = models.DateTimeField()

    class Meta(AppendOnlyModel.Meta):
        constraints = [models.UniqueConstraint(fields=["source", "size"], name="ledger_monitorcheckpoint_unique")]

    def __str__(self):
        return f"{self.source} checkpoint {self.size}"


class MonitorAlert(models.Model):
    """A finding of the monitor. Misbehaviour (fork, rollback, bad signature) is evidence
    against the log or a witness and stays open until a person closes it; health (a
    witness unreachable) closes itself when the witness answers again."""

    class Kind(models.TextChoices):
        MISBEHAVIOUR = "misbehaviour", _("misbehaviour")
        HEALTH = "health", _("health")

    class Code(models.TextChoices):
        FORK = "fork", _("fork: two checkpoints that are not consistent")
        ROLLBACK = "rollback", _("rollback: a smaller tree than already seen")
        BAD_SIGNATURE = "bad_signature", _("bad or missing signature")
        UNREACHABLE = "unreachable", _("witness unreachable")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("finding"), max_length=20, choices=Code.choices)
    source = models.CharField(_("source"), max_length=100)
    detail = models.TextField(_("detail"))
    evidence = models.TextField(_("evidence"), blank=True)  # the conflicting notes, verbatim
    raised_at = models.DateTimeField(_("raised at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitor alert")
        verbose_name_plural = _("monitor alerts")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["resolved_at", "source", "code"])]

    def __str__(self):
        return f"{self.code} ({self.source})"
