"""The big result of a scan, readable from a step away, and the voucher's confirm dialog.

:class:`ScanDisplay` shows what a scan did in large white text on a strong
colour: green when it was done, blue while a voucher waits for the attendant,
orange for a code that is real but cannot be used now (used, expired, revoked,
deactivated) or a scan that came at the wrong moment, red for a code that is not
one of this station's or any other refusal. Names are shown masked (张*). It
beeps once for a success, twice for a refusal, and clears itself after a few
seconds (or when tapped).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from station_app import codes
from station_app.errors import StationError
from station_app.relief import CampaignLineInfo, HandoutInfo
from station_app.scans import CHECK_IN, CHECK_OUT, ScanOutcome
from station_app.vouchers import VoucherInfo
from ui.feedback import display_name, fill

CLEAR_AFTER_MS = 3000
SECOND_BEEP_MS = 250

OK = "ok"  # done
INFO = "info"  # read, waiting for the attendant (a voucher)
WARN = "warn"  # a real code that cannot be used now, or the wrong moment
ERROR = "error"  # not a code of this station, or any other refusal

# Refusals of a real code: orange. Everything else refused: red.
WARN_REASONS = frozenset({codes.USED, codes.EXPIRED, codes.REVOKED, codes.DEACTIVATED})

STYLE = """
QFrame#scanDisplay { border-radius: 14px; background: #eceff1; }
QFrame#scanDisplay[kind="ok"] { background: #1b5e20; }
QFrame#scanDisplay[kind="info"] { background: #0d47a1; }
QFrame#scanDisplay[kind="warn"] { background: #a84300; }
QFrame#scanDisplay[kind="error"] { background: #b71c1c; }
QFrame#scanDisplay QLabel { color: white; background: transparent; }
QLabel#scanHeadline { font-size: 40px; font-weight: bold; }
QLabel#scanWho { font-size: 34px; font-weight: bold; }
QLabel#scanDetail { font-size: 26px; }
QLabel#scanMessage { font-size: 26px; }
"""


def package_text(lines: tuple[CampaignLineInfo, ...], lang: str) -> str:
    """矿泉水 2 瓶、毛巾 1 条: a campaign's package on one line."""
    sep = ", " if lang == "en" else "、"
    return sep.join(f"{line.item} {line.qty} {line.unit}" for line in lines)


class ScanDisplay(QFrame):
    """The result panel. ``shown`` when something is put up, ``cleared`` when it goes."""

    shown = Signal()
    cleared = Signal()

    def __init__(
        self,
        lang: str,
        local: Callable[[datetime], datetime],
        parent: QWidget | None = None,
        *,
        clear_after_ms: int = CLEAR_AFTER_MS,
        beep: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self._local = local
        self.beep: Callable[[], None] = beep or QApplication.beep
        self.setObjectName("scanDisplay")
        self.setStyleSheet(STYLE)
        self.setProperty("kind", "")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

        self.headline = self._label("scanHeadline")
        self.who = self._label("scanWho")
        self.detail = self._label("scanDetail")
        self.message = self._label("scanMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(18)
        layout.addStretch(1)
        for label in (self.headline, self.who, self.detail, self.message):
            layout.addWidget(label)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    # ------------------------------------------------------------------ reading it back

    @property
    def kind(self) -> str:
        """``ok``, ``info``, ``warn``, ``error``; empty when nothing is shown."""
        return str(self.property("kind") or "")

    def text(self) -> str:
        """Everything on the panel, one label a line (for the window's tests and logs)."""
        parts = (self.headline, self.who, self.detail, self.message)
        return "\n".join(p.text() for p in parts if p.text())

    # ------------------------------------------------------------------ showing

    def show_outcome(self, outcome: ScanOutcome) -> None:
        """A done scan (check-in, check-out) or a voucher waiting to be handed out."""
        zh, en = outcome.headline()
        headline = en if self.lang == "en" else zh
        if outcome.voucher is not None:
            v = outcome.voucher
            valid = fill(self.tr("Valid until %1"), v.valid_until.isoformat())
            self._put(
                INFO, headline, v.claimant, package_text(v.package, self.lang), valid, beeps=1
            )
            return
        visit = outcome.visit
        category = outcome.category
        detail = category
        if visit is not None:
            category = display_name(visit.category, visit.category_en, self.lang)
            if outcome.action == CHECK_OUT and visit.checked_out_at is not None:
                detail = fill(
                    self.tr("%1 · %2–%3 · stayed %4 min"),
                    category,
                    self._time(visit.checked_in_at),
                    self._time(visit.checked_out_at),
                    outcome.stay_minutes or 0,
                )
            elif outcome.action == CHECK_IN:
                detail = fill(self.tr("%1 · in at %2"), category, self._time(visit.checked_in_at))
        self._put(OK, headline, outcome.who, detail, "", beeps=1)

    def show_handout(self, voucher: VoucherInfo, handout: HandoutInfo) -> None:
        """A voucher redeemed: the package went to its person."""
        self._put(
            OK,
            fill(self.tr("Handed out: %1"), handout.campaign),
            voucher.claimant,
            package_text(voucher.package, self.lang),
            fill(self.tr("Claim %1 · %2"), handout.claim_no, self._time(handout.handed_at)),
            beeps=1,
        )

    def show_refusal(self, exc: StationError) -> None:
        """A refused scan or action, with the refusal's own words."""
        reason = exc.reason if isinstance(exc, codes.CodeRefused) else None
        kind = WARN if reason in WARN_REASONS else ERROR
        self._put(kind, self._refusal_headline(reason), "", "", exc.message(self.lang), beeps=2)

    def show_notice(self, headline: str, message: str = "") -> None:
        """A scan that is not acted on here (a dialog is open, a voucher at the visitors'
        screen): said plainly, in orange."""
        self._put(WARN, headline, "", "", message, beeps=2)

    def clear(self) -> None:
        self._timer.stop()
        was_shown = bool(self.kind)
        self._set_kind("")
        for label in (self.headline, self.who, self.detail, self.message):
            label.clear()
        if was_shown:
            self.cleared.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clear()  # read it: tap to go back at once
        event.accept()

    # ------------------------------------------------------------------ helpers

    def _refusal_headline(self, reason: str | None) -> str:
        headlines = {
            codes.USED: self.tr("Already used"),
            codes.EXPIRED: self.tr("Expired"),
            codes.REVOKED: self.tr("No longer valid"),
            codes.DEACTIVATED: self.tr("Card deactivated"),
            codes.OTHER_STATION: self.tr("Another station's code"),
        }
        if reason is None:
            return self.tr("Not done")
        return headlines.get(reason, self.tr("Code not accepted"))

    def _time(self, at: datetime) -> str:
        return self._local(at).strftime("%H:%M")

    def _put(
        self, kind: str, headline: str, who: str, detail: str, message: str, *, beeps: int
    ) -> None:
        self._set_kind(kind)
        for label, value in (
            (self.headline, headline),
            (self.who, who),
            (self.detail, detail),
            (self.message, message),
        ):
            label.setText(value)
            label.setVisible(bool(value))
        self._timer.start()
        self.shown.emit()
        self._sound(beeps)

    def _set_kind(self, kind: str) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)

    def _sound(self, times: int) -> None:
        self.beep()
        for i in range(1, times):
            QTimer.singleShot(SECOND_BEEP_MS * i, self, lambda: self.beep())


class VoucherDialog(QDialog):
    """The attendant checks the voucher against the person and the package, then hands
    it out (``accepted``) or cancels (nothing written)."""

    def __init__(self, voucher: VoucherInfo, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voucher = voucher
        self.lang = lang
        self.setWindowTitle(self.tr("Relief voucher"))
        self.setMinimumWidth(460)

        title = QLabel(voucher.campaign)
        title.setObjectName("stationName")
        title.setWordWrap(True)
        form = QFormLayout()
        self.claimant_label = QLabel(voucher.claimant)
        form.addRow(self.tr("For"), self.claimant_label)
        if voucher.category:
            form.addRow(self.tr("Category"), QLabel(voucher.category))
        self.package_label = QLabel(
            "\n".join(f"{line.item} × {line.qty} {line.unit}" for line in voucher.package)
        )
        form.addRow(self.tr("Package"), self.package_label)
        form.addRow(self.tr("Valid until"), QLabel(voucher.valid_until.isoformat()))
        form.addRow(self.tr("Voucher"), QLabel(f"No. {voucher.id}"))
        hint = QLabel(self.tr("Check the person and the package, then hand it out."))
        hint.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.hand_out_button = self.buttons.addButton(
            self.tr("Hand out"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.hand_out_button.setProperty("role", "primary")
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.hand_out_button.setDefault(True)
