"""Settings (设置), for supervisors: the station, its catalogs, stock items, relief
campaigns, users, this kiosk's own settings, and backups.

Every change is one service call through ``ctx.ops`` (one transaction), made as the
person signed in at that moment; a refusal turns the field it names red with the
reason under its form, and nothing is written. The page reloads what it shows after
each change. What belongs to this kiosk only (language, idle timeout, full screen,
theme, the cleaning reminder) is kept in the kiosk's settings file, not the database.

The window connects the page's intent signals: ``language_requested`` to its
language switch, ``catalog_changed`` to rebuild the check-in buttons,
``profile_changed`` to the station's name in the header, ``kiosk_settings_saved`` to
apply the idle timeout, full screen and theme.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.auth import UserInfo
from station_app.context import Actor
from station_app.errors import DatabaseProblem, InvalidInput, PermissionDenied, StationError
from station_app.inventory import ItemInfo
from station_app.relief import CampaignInfo
from station_app.services import Services
from station_app.stations import CategoryInfo, ServiceTypeInfo, StationInfo
from ui.backup_panel import BackupPanel
from ui.backup_scheduler import BackupScheduler, kiosk_settings
from ui.feedback import fill
from ui.forms import FieldErrors, error_label
from ui.pages.base import Page, PageContext
from ui.pages.settings_dialogs import (
    FORM_STYLE,
    AddUserDialog,
    CatalogNameDialog,
    Column,
    NewCampaignDialog,
    ResetPinDialog,
    SettingsFormDialog,
    SettingsTableModel,
    StockItemDialog,
    form_layout,
    level_labels,
    table_view,
    touch,
)

# The kiosk's own settings (QSettings keys) and their defaults.
IDLE_MINUTES = "kiosk/idle_minutes"
FULL_SCREEN = "kiosk/full_screen"
THEME = "kiosk/theme"
THEMES = ("normal", "high_contrast")
RECORDS_INTERVAL = "records/interval_hours"
RECORDS_OPENS = "records/opens"
RECORDS_CLOSES = "records/closes"
DEFAULT_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 24 * 60
DEFAULT_INTERVAL_HOURS = 4
DEFAULT_OPENS = "07:00"
DEFAULT_CLOSES = "21:00"

R = TypeVar("R")  # a table's row

TAB_STYLE = """
QTabBar::tab { min-height: 48px; padding: 0px 18px; font-size: 17px; border: 1px solid #b0b6be;
    border-bottom: none; border-top-left-radius: 6px; border-top-right-radius: 6px;
    background: #e8ecf1; margin-right: 2px; }
QTabBar::tab:selected { background: white; font-weight: bold; color: #0d47a1; }
"""


def _int_setting(s: QSettings, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(str(s.value(key, default)))
    except ValueError:
        return default
    return value if low <= value <= high else default


def _bool_setting(s: QSettings, key: str, default: bool) -> bool:
    value = s.value(key, default)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")


def _time_setting(s: QSettings, key: str, default: str) -> QTime:
    found = QTime.fromString(str(s.value(key, default)), "HH:mm")
    return found if found.isValid() else QTime.fromString(default, "HH:mm")


@dataclass(frozen=True)
class SettingsSnapshot:
    """Everything the page shows from the database, read in one worker call."""

    profile: StationInfo
    categories: tuple[CategoryInfo, ...]
    service_types: tuple[ServiceTypeInfo, ...]
    items: tuple[ItemInfo, ...]
    campaigns: tuple[CampaignInfo, ...]
    users: tuple[UserInfo, ...]


def read_snapshot(services: Services) -> SettingsSnapshot:
    return SettingsSnapshot(
        services.stations.profile(),
        tuple(services.stations.categories(include_inactive=True)),
        tuple(services.stations.service_types(include_inactive=True)),
        tuple(services.inventory.items(include_inactive=True)),
        tuple(services.relief.campaigns(include_inactive=True)),
        tuple(services.users.list_users(include_inactive=True)),
    )


def supervisor_needed() -> PermissionDenied:
    return PermissionDenied(
        "设置只能由负责人修改：请负责人登录（或输入负责人 PIN）后再操作",
        "Only a supervisor can change the settings: ask a supervisor to sign in "
        "(or to type their PIN) first",
    )


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class SettingsPage(Page):
    """设置 / Settings: supervisors only."""

    supervisor_only = True

    language_requested = Signal(str)  # "zh_CN" or "en"
    catalog_changed = Signal()  # categories or services: the check-in buttons change
    profile_changed = Signal()  # the station's name or details
    kiosk_settings_saved = Signal()  # idle timeout, full screen, theme, cleaning reminder

    def __init__(
        self,
        ctx: PageContext,
        parent: QWidget | None = None,
        *,
        backup_scheduler: BackupScheduler | None = None,
        backup_dir: Path | None = None,
    ) -> None:
        """``backup_scheduler``: the window's, so that the Backups tab and the timer share
        one worker; ``backup_dir`` only where there is no scheduler (tests)."""
        super().__init__(ctx, parent)
        self.snapshot: SettingsSnapshot | None = None
        self.dialog: QDialog | None = None  # the one pop-up open now, if any
        self.running = 0  # calls of this page under way
        self._loaded_once = False

        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.tabBar().setStyleSheet(TAB_STYLE)
        self.setStyleSheet(FORM_STYLE)

        self.profile = ProfileSection(self)
        self.catalog = CatalogSection(self)
        self.stock_items = ItemsSection(self)
        self.campaigns = CampaignsSection(self)
        self.users = UsersSection(self)
        self.kiosk = KioskSection(self)
        self.backups = BackupPanel(ctx, self, scheduler=backup_scheduler, backup_dir=backup_dir)
        self.sections: list[Section] = [
            self.profile,
            self.catalog,
            self.stock_items,
            self.campaigns,
            self.users,
            self.kiosk,
        ]
        for section in self.sections:
            self.tabs.addTab(scrolling(section), "")
        self.tabs.addTab(self.backups, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    # ------------------------------------------------------------------ the page

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SettingsPage", "Settings")

    @classmethod
    def icon_name(cls) -> str:
        return "preferences-system"

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings (supervisor)"))
        for i, text in enumerate(
            (
                self.tr("Station"),
                self.tr("Visitors and services"),
                self.tr("Stock items"),
                self.tr("Relief campaigns"),
                self.tr("Users"),
                self.tr("This kiosk"),
                self.tr("Backups"),
            )
        ):
            self.tabs.setTabText(i, text)
        for section in self.sections:
            section.retranslate()

    def show_section(self, section: QWidget) -> None:
        """Bring the tab holding ``section`` to the front."""
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if tab is section or tab.isAncestorOf(section):
                self.tabs.setCurrentIndex(i)
                return

    def activated(self) -> None:
        self.kiosk.load()
        self.reload(fill_forms=True)
        self.backups.refresh()

    def reset(self) -> None:
        """The idle timeout: pop-ups closed, half-typed changes dropped, marks cleared."""
        if self.dialog is not None:
            self.dialog.reject()
        self.backups.cancel_restore()
        for section in self.sections:
            section.reset()

    # ------------------------------------------------------------------ calls

    @property
    def busy(self) -> bool:
        return self.running > 0

    def _busy(self, step: int) -> None:
        self.running += step
        for section in self.sections:
            section.update_buttons()

    def run(
        self,
        call: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        marks: FieldErrors | None = None,
    ) -> None:
        """``call`` off the GUI thread; then ``done(result)`` and a reload, or the refusal
        under ``marks``' form (in the window's notice when there is no form)."""
        self._busy(+1)

        def finished(result: Any) -> None:
            self._busy(-1)
            if done is not None:
                done(result)
            self.reload()

        def refused(problem: StationError) -> None:
            self._busy(-1)
            if marks is not None:
                marks.show(problem)
            else:
                self.ctx.complain(problem)
            self.reload()  # another kiosk may have changed what the refusal was about

        self.ctx.ops.run(call, finished, refused)

    def reload(self, *, fill_forms: bool = False) -> None:
        services = self.ctx.services
        self._busy(+1)

        def loaded(snapshot: SettingsSnapshot) -> None:
            self._busy(-1)
            self.snapshot = snapshot
            first = not self._loaded_once
            self._loaded_once = True
            for section in self.sections:
                section.show_snapshot(snapshot, fill_forms=fill_forms or first)

        def failed(problem: StationError) -> None:
            self._busy(-1)
            self.ctx.complain(problem)

        self.ctx.ops.run(lambda: read_snapshot(services), loaded, failed)

    def supervisor(self, marks: FieldErrors | None = None) -> Actor | None:
        """The person on shift if a supervisor; else says a supervisor is needed."""
        actor = self.ctx.actor()
        if actor.is_supervisor:
            return actor
        problem = supervisor_needed()
        if marks is not None:
            marks.show(problem)
        self.ctx.complain(problem)
        return None

    def open_dialog(self, dialog: SettingsFormDialog, after: Callable[[Any], None]) -> None:
        """Show ``dialog``; once its call succeeded, ``after(outcome)`` and a reload."""
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog

        def closed(code: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if dialog.running:
                return  # closed while its call runs: the result still comes, and is told
            dialog.deleteLater()
            if code == QDialog.DialogCode.Accepted:
                after(dialog.outcome)
                self.reload()

        dialog.finished.connect(closed)
        dialog.open()

    def confirm(self, text: str, yes_text: str, then: Callable[[], None]) -> None:
        """Ask before something that cannot be undone from here."""
        if self.dialog is not None:
            self.dialog.reject()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Please confirm"), text, parent=self)
        yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        touch(yes, no)
        box.setDefaultButton(no)
        self.dialog = box

        def closed(_code: int) -> None:
            if self.dialog is box:
                self.dialog = None
            box.deleteLater()
            if box.clickedButton() is yes:
                then()

        box.finished.connect(closed)
        box.open()

    def now(self) -> datetime:
        return self.ctx.services.ctx.now()

    def lang(self) -> str:
        return self.ctx.lang()


def scrolling(widget: QWidget) -> QScrollArea:
    """A tab's contents, scrolled on a small screen rather than cut off."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class Section(QWidget):
    """One tab of the page."""

    def __init__(self, page: SettingsPage) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx

    def retranslate(self) -> None: ...

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None: ...

    def update_buttons(self) -> None: ...

    def reset(self) -> None: ...


class TableSection(Section, Generic[R]):
    """A table of rows with buttons under it. The row selected stays selected when the
    rows are read again, and a row just added (``pending_select``) is selected once it
    shows; a refusal is said under the table."""

    def __init__(
        self, page: SettingsPage, columns: Sequence[Column[R]], muted: Callable[[R], bool]
    ) -> None:
        """``muted(row)``: the row is shown greyed (retired, closed, deactivated)."""
        super().__init__(page)
        self.pending_select: int | None = None
        self.model: SettingsTableModel[R] = SettingsTableModel(tuple(columns), muted, self)
        self.table = table_view(self.model)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.marks = FieldErrors(error_label(), page.lang)

    def lay_out(self, buttons: Sequence[QPushButton], hint: QLabel | None = None) -> None:
        """The ``hint`` above the table, the refusal and a row of ``buttons`` below."""
        touch(*buttons)
        layout = QVBoxLayout(self)
        if hint is not None:
            layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.marks.label)
        layout.addLayout(button_row(*buttons))

    def selected(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def set_rows(self, rows: Sequence[R]) -> None:
        current: Any = self.selected()
        keep = self.pending_select or (current.id if current is not None else None)
        self.pending_select = None
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        self.update_buttons()

    def reset(self) -> None:
        self.marks.clear()


# --------------------------------------------------------------------------- station


KINDS = ("both", "rest", "nursing")


class ProfileSection(Section):
    """The station's name, kind, address, hotline, hours and seats; its Wi-Fi."""

    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem("", kind)
        self.address_edit = QLineEdit()
        self.hotline_edit = QLineEdit()
        self.hours_edit = QLineEdit()
        self.hours_edit.setPlaceholderText("07:00-21:00")
        self.seats_spin = QSpinBox()
        self.seats_spin.setRange(0, 500)
        self.seats_spin.setMaximumWidth(160)
        self.save_button = QPushButton()
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        self.marks = FieldErrors(error_label(), page.lang)
        fields: tuple[tuple[str, QWidget], ...] = (
            ("Station name", self.name_edit),
            ("Kind", self.kind_combo),
            ("Address", self.address_edit),
            ("Hotline", self.hotline_edit),
            ("Opening hours", self.hours_edit),
            ("Seats", self.seats_spin),
        )
        self.profile_box = QGroupBox()
        form = form_layout(self.profile_box)
        self.labels = [QLabel() for _ in fields]
        for label, (field, widget) in zip(self.labels, fields, strict=True):
            self.marks.bind(field, widget)
            form.addRow(label, widget)
        form.addRow(self.marks.label)
        form.addRow(button_row(self.save_button))
        level_labels(form)

        self.ssid_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.wifi_hint = QLabel()
        self.wifi_hint.setWordWrap(True)
        self.wifi_button = QPushButton()
        self.wifi_button.clicked.connect(self.save_wifi)
        self.wifi_marks = FieldErrors(error_label(), page.lang)
        self.wifi_marks.bind("Wi-Fi name", self.ssid_edit)
        self.wifi_marks.bind("Wi-Fi password", self.password_edit)
        self.wifi_box = QGroupBox()
        wifi_form = form_layout(self.wifi_box)
        self.ssid_label, self.password_label = QLabel(), QLabel()
        wifi_form.addRow(self.wifi_hint)
        wifi_form.addRow(self.ssid_label, self.ssid_edit)
        wifi_form.addRow(self.password_label, self.password_edit)
        wifi_form.addRow(self.wifi_marks.label)
        wifi_form.addRow(button_row(self.wifi_button))
        level_labels(wifi_form)

        touch(
            *(widget for _, widget in fields),
            self.save_button,
            self.ssid_edit,
            self.password_edit,
            self.wifi_button,
        )
        layout = QHBoxLayout(self)
        layout.addWidget(self.profile_box, 3)
        layout.addWidget(self.wifi_box, 2, Qt.AlignmentFlag.AlignTop)
        layout.setAlignment(self.profile_box, Qt.AlignmentFlag.AlignTop)

    def retranslate(self) -> None:
        self.profile_box.setTitle(self.tr("Station profile"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Station name"),
                self.tr("Kind"),
                self.tr("Address"),
                self.tr("Hotline"),
                self.tr("Opening hours"),
                self.tr("Seats"),
            ),
            strict=True,
        ):
            label.setText(text)
        for i, text in enumerate(
            (
                self.tr("Rest station and mommy room"),
                self.tr("Outdoor workers' rest station"),
                self.tr("Mommy room (nursing room)"),
            )
        ):
            self.kind_combo.setItemText(i, text)
        self.save_button.setText(self.tr("Save the profile"))
        self.wifi_box.setTitle(self.tr("Wi-Fi on the poster"))
        self.wifi_hint.setText(
            self.tr(
                "Printed on the station poster as a code phones can join with. The password "
                "is never shown: type it each time you save (empty for an open network)."
            )
        )
        self.ssid_label.setText(self.tr("Wi-Fi name"))
        self.password_label.setText(self.tr("Password"))
        self.wifi_button.setText(self.tr("Save the Wi-Fi"))

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None:
        if fill_forms:
            self.fill(snapshot.profile)

    def fill(self, p: StationInfo) -> None:
        self.name_edit.setText(p.name)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(p.kind), 0))
        self.address_edit.setText(p.address)
        self.hotline_edit.setText(p.hotline)
        self.hours_edit.setText(p.hours)
        self.seats_spin.setValue(p.seats)
        self.ssid_edit.setText(p.wifi_ssid)
        self.password_edit.clear()
        self.marks.clear()
        self.wifi_marks.clear()

    def update_buttons(self) -> None:
        self.save_button.setEnabled(not self.page.busy)
        self.wifi_button.setEnabled(not self.page.busy)

    def reset(self) -> None:
        if self.page.snapshot is not None:
            self.fill(self.page.snapshot.profile)

    def save(self) -> None:
        self.marks.clear()
        actor = self.page.supervisor(self.marks)
        if actor is None:
            return
        values = dict(
            name=self.name_edit.text(),
            kind=str(self.kind_combo.currentData()),
            address=self.address_edit.text(),
            hotline=self.hotline_edit.text(),
            hours=self.hours_edit.text(),
            seats=self.seats_spin.value(),
        )
        stations = self.ctx.services.stations

        def saved(info: StationInfo) -> None:
            self.fill(info)
            self.ctx.say(self.tr("Station profile saved"))
            self.page.profile_changed.emit()

        self.page.run(lambda: stations.update_profile(actor, **values), saved, self.marks)

    def save_wifi(self) -> None:
        self.wifi_marks.clear()
        actor = self.page.supervisor(self.wifi_marks)
        if actor is None:
            return
        ssid, password = self.ssid_edit.text(), self.password_edit.text()
        stations = self.ctx.services.stations

        def saved(info: StationInfo) -> None:
            self.ssid_edit.setText(info.wifi_ssid)
            self.password_edit.clear()
            self.ctx.say(
                self.tr("Wi-Fi saved: it is on the next poster printed")
                if info.wifi_ssid
                else self.tr("Wi-Fi removed from the poster")
            )

        self.page.run(lambda: stations.set_wifi(actor, ssid, password), saved, self.wifi_marks)


# --------------------------------------------------------------------------- catalog


def _in_use(active: bool) -> str:
    if active:
        return QCoreApplication.translate("SettingsPage", "In use")
    return QCoreApplication.translate("SettingsPage", "Retired")


CATALOG_COLUMNS: tuple[Column[Any], ...] = (
    Column(QT_TRANSLATE_NOOP("SettingsPage", "Chinese name"), lambda r: r.name),
    Column(QT_TRANSLATE_NOOP("SettingsPage", "English name"), lambda r: r.name_en),
    Column(QT_TRANSLATE_NOOP("SettingsPage", "State"), lambda r: _in_use(r.active)),
)


@dataclass(frozen=True)
class CatalogCalls:
    """The five changes of one catalog (categories or services)."""

    add: Callable[[Actor, str, str], Any]
    rename: Callable[[Actor, int, str, str], Any]
    move: Callable[[Actor, int, int], Any]
    retire: Callable[[Actor, int], Any]
    restore: Callable[[Actor, int], Any]


class CatalogList(TableSection[Any]):
    """Visitor categories or services: add, rename, move up/down, retire or restore."""

    def __init__(self, page: SettingsPage, kind: str) -> None:
        super().__init__(page, CATALOG_COLUMNS, lambda r: not r.active)
        self.kind = kind  # "category" or "service"
        st = page.ctx.services.stations
        self.calls = (
            CatalogCalls(
                st.add_category,
                st.rename_category,
                st.move_category,
                st.retire_category,
                st.restore_category,
            )
            if kind == "category"
            else CatalogCalls(
                st.add_service_type,
                st.rename_service_type,
                st.move_service_type,
                st.retire_service_type,
                st.restore_service_type,
            )
        )
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.table.doubleClicked.connect(lambda _index: self.rename())
        self.add_button = QPushButton()
        self.rename_button = QPushButton()
        self.retire_button = QPushButton()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.retire_button.clicked.connect(self.retire_or_restore)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        buttons = QGridLayout()
        for i, b in enumerate(
            (
                self.add_button,
                self.rename_button,
                self.retire_button,
                self.up_button,
                self.down_button,
            )
        ):
            touch(b)
            buttons.addWidget(b, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.marks.label)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        category = self.kind == "category"
        self.title.setText(self.tr("Visitor categories") if category else self.tr("Services"))
        self.add_button.setText(self.tr("Add…"))
        self.rename_button.setText(self.tr("Rename…"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.model.retranslate()
        self.update_buttons()

    def update_buttons(self) -> None:
        row = self.selected()
        idle = not self.page.busy
        at = self.model.row_of(row.id) if row is not None else None
        self.add_button.setEnabled(idle)
        self.rename_button.setEnabled(idle and row is not None)
        self.retire_button.setEnabled(idle and row is not None)
        self.up_button.setEnabled(idle and at is not None and at > 0)
        self.down_button.setEnabled(idle and at is not None and at < self.model.rowCount() - 1)
        restore = row is not None and not row.active
        self.retire_button.setText(self.tr("Restore") if restore else self.tr("Retire"))

    def _then_forget(self, call: Callable[[], Any]) -> Callable[[], Any]:
        """The change, then the check-in's cached names dropped (they may have changed)."""
        visits = self.page.ctx.services.visits

        def run() -> Any:
            result = call()
            visits.forget_catalog()
            return result

        return run

    def _changed(self, note: str) -> None:
        self.page.ctx.say(note)
        self.page.catalog_changed.emit()

    def add(self) -> None:
        self.marks.clear()
        if self.page.supervisor(self.marks) is None:
            return
        add = self.calls.add

        def call(actor: Actor, name: str, name_en: str) -> Any:
            return self._then_forget(lambda: add(actor, name, name_en))()

        def added(info: Any) -> None:
            self.pending_select = info.id
            self._changed(fill(self.tr("Added: %1"), info.name))

        self.page.open_dialog(
            CatalogNameDialog(self.page.ctx, self.kind, call, parent=self.page), added
        )

    def rename(self) -> None:
        row = self.selected()
        self.marks.clear()
        if row is None or self.page.supervisor(self.marks) is None:
            return
        rename, row_id = self.calls.rename, row.id

        def call(actor: Actor, name: str, name_en: str) -> Any:
            return self._then_forget(lambda: rename(actor, row_id, name, name_en))()

        dialog = CatalogNameDialog(
            self.page.ctx, self.kind, call, row.name, row.name_en, parent=self.page
        )
        self.page.open_dialog(
            dialog, lambda info: self._changed(fill(self.tr("Renamed: %1"), info.name))
        )

    def move(self, step: int) -> None:
        row = self.selected()
        self.marks.clear()
        actor = self.page.supervisor(self.marks) if row is not None else None
        if row is None or actor is None:
            return
        move, row_id = self.calls.move, row.id

        def moved(_rows: Any) -> None:
            self.pending_select = row_id
            self.page.catalog_changed.emit()

        self.page.run(self._then_forget(lambda: move(actor, row_id, step)), moved, self.marks)

    def retire_or_restore(self) -> None:
        row = self.selected()
        self.marks.clear()
        actor = self.page.supervisor(self.marks) if row is not None else None
        if row is None or actor is None:
            return
        row_id = row.id
        if row.active:
            retire = self.calls.retire
            call = self._then_forget(lambda: retire(actor, row_id))
            note = fill(self.tr("Retired: %1 (no longer offered at check-in)"), row.name)
        else:
            restore = self.calls.restore
            call = self._then_forget(lambda: restore(actor, row_id))
            note = fill(self.tr("Restored: %1"), row.name)
        self.page.run(call, lambda _info: self._changed(note), self.marks)


class CatalogSection(Section):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.categories = CatalogList(page, "category")
        self.service_types = CatalogList(page, "service")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        lists = QHBoxLayout()
        lists.addWidget(self.categories, 1)
        lists.addWidget(self.service_types, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(lists, 1)

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "The order here is the order of the buttons at check-in. Nothing is ever "
                "deleted: a retired one stays in past visits and can be restored."
            )
        )
        self.categories.retranslate()
        self.service_types.retranslate()

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None:
        self.categories.set_rows(snapshot.categories)
        self.service_types.set_rows(snapshot.service_types)

    def update_buttons(self) -> None:
        self.categories.update_buttons()
        self.service_types.update_buttons()

    def reset(self) -> None:
        self.categories.marks.clear()
        self.service_types.marks.clear()


# --------------------------------------------------------------------------- stock items


def _yes(flag: bool) -> str:
    return QCoreApplication.translate("SettingsPage", "Yes") if flag else ""


def _expiry(item: ItemInfo) -> str:
    if not item.tracks_expiry:
        return QCoreApplication.translate("SettingsPage", "Not recorded")
    return fill(
        QCoreApplication.translate("SettingsPage", "Warn %1 days before"), item.near_expiry_days
    )


ITEM_COLUMNS: tuple[Column[ItemInfo], ...] = (
    Column(QT_TRANSLATE_NOOP("SettingsPage", "Item"), lambda i: i.name),
    Column(QT_TRANSLATE_NOOP("SettingsPage", "Unit"), lambda i: i.unit, centred=True),
    Column(
        QT_TRANSLATE_NOOP("SettingsPage", "Low stock at"),
        lambda i: str(i.low_stock_threshold),
        centred=True,
    ),
    Column(QT_TRANSLATE_NOOP("SettingsPage", "Expiry dates"), _expiry),
    Column(QT_TRANSLATE_NOOP("SettingsPage", "Lent out"), lambda i: _yes(i.lendable), True),
    Column(QT_TRANSLATE_NOOP("SettingsPage", "State"), lambda i: _in_use(i.active)),
)


class ItemsSection(TableSection[ItemInfo]):
    """Stock items: unit, low-stock level, expiry tracking, lending, in use; add one."""

    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page, ITEM_COLUMNS, lambda i: not i.active)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.lay_out((self.add_button, self.edit_button), self.hint)

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Stock is received, issued and counted on the Stock page; here is how each "
                "item is kept. Double-click an item to change it."
            )
        )
        self.add_button.setText(self.tr("Add an item…"))
        self.edit_button.setText(self.tr("Change…"))
        self.model.retranslate()

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None:
        self.set_rows(snapshot.items)

    def update_buttons(self) -> None:
        idle = not self.page.busy
        self.add_button.setEnabled(idle)
        self.edit_button.setEnabled(idle and self.selected() is not None)

    def add(self) -> None:
        self.marks.clear()
        if self.page.supervisor(self.marks) is None:
            return

        def added(info: ItemInfo) -> None:
            self.pending_select = info.id
            self.ctx.say(fill(self.tr("Stock item added: %1"), info.name))

        self.page.open_dialog(StockItemDialog(self.ctx, parent=self.page), added)

    def edit(self) -> None:
        item = self.selected()
        self.marks.clear()
        if item is None or self.page.supervisor(self.marks) is None:
            return
        self.page.open_dialog(
            StockItemDialog(self.ctx, item, parent=self.page),
            lambda info: self.ctx.say(fill(self.tr("Stock item saved: %1"), info.name)),
        )


# --------------------------------------------------------------------------- campaigns


def _campaign_state(c: CampaignInfo, today: date) -> str:
    if not c.active:
        return QCoreApplication.translate("SettingsPage", "Closed")
    if c.ends_on < today:
        return QCoreApplication.translate("SettingsPage", "Ended")
    if c.starts_on > today:
        return QCoreApplication.translate("SettingsPage", "Not started")
    return QCoreApplication.translate("SettingsPage", "Running")


def _eligible(c: CampaignInfo) -> str:
    if not c.categories:
        return QCoreApplication.translate("SettingsPage", "Everyone")
    return "、".join(c.categories)


def _package(c: CampaignInfo) -> str:
    return "、".join(f"{line.item} ×{line.qty}" for line in c.lines)


def _dates(c: CampaignInfo) -> str:
    if c.starts_on.year == c.ends_on.year:
        return f"{c.starts_on.isoformat()} – {c.ends_on.strftime('%m-%d')}"
    return f"{c.starts_on.isoformat()} – {c.ends_on.isoformat()}"


def _limit(c: CampaignInfo) -> str:
    if c.min_days_between:
        return fill(
            QCoreApplication.translate("SettingsPage", "%1 per person, %2 days apart"),
            c.per_person_limit,
            c.min_days_between,
        )
    return fill(QCoreApplication.translate("SettingsPage", "%1 per person"), c.per_person_limit)


class CampaignsSection(TableSection[CampaignInfo]):
    """Relief campaigns: create one (dates, who, package, limits), close one."""

    def __init__(self, page: SettingsPage) -> None:
        today = page.ctx.services.ctx.today
        columns: tuple[Column[CampaignInfo], ...] = (
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Campaign"), lambda c: c.name),
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Dates"), _dates),
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Who may claim"), _eligible, stretch=True),
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Package"), _package, stretch=True),
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Limit"), _limit),
            Column(
                QT_TRANSLATE_NOOP("SettingsPage", "Handed out"),
                lambda c: str(c.handed_out),
                centred=True,
            ),
            Column(
                QT_TRANSLATE_NOOP("SettingsPage", "State"),
                lambda c: _campaign_state(c, today()),
            ),
        )
        super().__init__(page, columns, lambda c: not c.active or c.ends_on < today())
        self.new_button = QPushButton()
        self.new_button.setProperty("role", "primary")
        self.close_button = QPushButton()
        self.new_button.clicked.connect(self.create)
        self.close_button.clicked.connect(self.close_selected)
        self.lay_out((self.new_button, self.close_button))

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New campaign…"))
        self.close_button.setText(self.tr("Close the campaign"))
        self.model.retranslate()

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None:
        self.set_rows(snapshot.campaigns)

    def update_buttons(self) -> None:
        idle = not self.page.busy
        c = self.selected()
        self.new_button.setEnabled(idle)
        self.close_button.setEnabled(idle and c is not None and c.active)

    def create(self) -> None:
        self.marks.clear()
        snapshot = self.page.snapshot
        if self.page.supervisor(self.marks) is None or snapshot is None:
            return

        def created(info: CampaignInfo) -> None:
            self.pending_select = info.id
            self.ctx.say(fill(self.tr("Relief campaign created: %1"), info.name))

        dialog = NewCampaignDialog(self.ctx, snapshot.items, snapshot.categories, parent=self.page)
        self.page.open_dialog(dialog, created)

    def close_selected(self) -> None:
        c = self.selected()
        self.marks.clear()
        if c is None or self.page.supervisor(self.marks) is None:
            return
        relief, campaign_id = self.ctx.services.relief, c.id

        def close() -> None:
            actor = self.page.supervisor(self.marks)  # asked again: the shift may have changed
            if actor is None:
                return
            self.page.run(
                lambda: relief.close_campaign(actor, campaign_id),
                lambda info: self.ctx.say(fill(self.tr("Campaign closed: %1"), info.name)),
                self.marks,
            )

        self.page.confirm(
            fill(
                self.tr(
                    "Close the campaign %1? Nothing more can be handed out for it; its roster "
                    "and stock records stay."
                ),
                c.name,
            ),
            self.tr("Close the campaign"),
            close,
        )


# --------------------------------------------------------------------------- users


class UsersSection(TableSection[UserInfo]):
    """Attendants and supervisors: add one, reset a PIN, unlock, deactivate."""

    def __init__(self, page: SettingsPage) -> None:
        columns: tuple[Column[UserInfo], ...] = (
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Name"), lambda u: u.name),
            Column(QT_TRANSLATE_NOOP("SettingsPage", "Role"), _role),
            Column(QT_TRANSLATE_NOOP("SettingsPage", "State"), self.state),
        )
        super().__init__(page, columns, lambda u: not u.active)
        self.add_button = QPushButton()
        self.pin_button = QPushButton()
        self.unlock_button = QPushButton()
        self.deactivate_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.pin_button.clicked.connect(self.reset_pin)
        self.unlock_button.clicked.connect(self.unlock)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.lay_out((self.add_button, self.pin_button, self.unlock_button, self.deactivate_button))

    def locked(self, u: UserInfo) -> bool:
        return u.locked_until is not None and u.locked_until > self.page.now()

    def state(self, u: UserInfo) -> str:
        if not u.active:
            return QCoreApplication.translate("SettingsPage", "Deactivated")
        if self.locked(u) and u.locked_until is not None:
            until = self.ctx.services.ctx.local(u.locked_until).strftime("%H:%M")
            return fill(QCoreApplication.translate("SettingsPage", "Locked until %1"), until)
        return QCoreApplication.translate("SettingsPage", "Active")

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add a user…"))
        self.pin_button.setText(self.tr("Reset the PIN…"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.deactivate_button.setText(self.tr("Deactivate"))
        self.model.retranslate()

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None:
        self.set_rows(snapshot.users)

    def update_buttons(self) -> None:
        idle = not self.page.busy
        u = self.selected()
        self.add_button.setEnabled(idle)
        self.pin_button.setEnabled(idle and u is not None and u.active)
        self.unlock_button.setEnabled(idle and u is not None and self.locked(u))
        self.deactivate_button.setEnabled(idle and u is not None and u.active)

    def add(self) -> None:
        self.marks.clear()
        if self.page.supervisor(self.marks) is None:
            return

        def added(info: UserInfo) -> None:
            self.pending_select = info.id
            self.ctx.say(fill(self.tr("User added: %1 (%2)"), info.name, _role(info)))

        self.page.open_dialog(AddUserDialog(self.ctx, parent=self.page), added)

    def reset_pin(self) -> None:
        u = self.selected()
        self.marks.clear()
        if u is None or self.page.supervisor(self.marks) is None:
            return
        name = u.name
        self.page.open_dialog(
            ResetPinDialog(self.ctx, u.id, name, parent=self.page),
            lambda _none: self.ctx.say(fill(self.tr("New PIN set for %1"), name)),
        )

    def unlock(self) -> None:
        u = self.selected()
        self.marks.clear()
        actor = self.page.supervisor(self.marks) if u is not None else None
        if u is None or actor is None:
            return
        users, user_id = self.ctx.services.users, u.id
        self.page.run(
            lambda: users.unlock_user(actor, user_id),
            lambda info: self.ctx.say(fill(self.tr("Unlocked: %1 can sign in again"), info.name)),
            self.marks,
        )

    def deactivate(self) -> None:
        u = self.selected()
        self.marks.clear()
        if u is None or self.page.supervisor(self.marks) is None:
            return
        users, user_id, name = self.ctx.services.users, u.id, u.name

        def deactivate() -> None:
            actor = self.page.supervisor(self.marks)
            if actor is None:
                return
            self.page.run(
                lambda: users.deactivate_user(actor, user_id),
                lambda _none: self.ctx.say(fill(self.tr("Deactivated: %1"), name)),
                self.marks,
            )

        self.page.confirm(
            fill(
                self.tr(
                    "Deactivate %1? They can no longer sign in; what they recorded stays "
                    "under their name."
                ),
                name,
            ),
            self.tr("Deactivate"),
            deactivate,
        )


def _role(u: UserInfo) -> str:
    if u.role == "supervisor":
        return QCoreApplication.translate("SettingsPage", "Supervisor")
    return QCoreApplication.translate("SettingsPage", "Attendant")


# --------------------------------------------------------------------------- this kiosk


class KioskSection(Section):
    """This kiosk only: language, idle timeout, full screen, theme, cleaning reminder."""

    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        # Each language's name in its own words: whoever reads it finds theirs.
        self.chinese_button = QPushButton("中文")
        self.english_button = QPushButton("English")
        for button, lang in ((self.chinese_button, "zh_CN"), (self.english_button, "en")):
            button.setCheckable(True)
            button.setMinimumWidth(140)
            button.clicked.connect(lambda _=False, code=lang: self.choose_language(code))
        self.language_box = QGroupBox()
        language_layout = QVBoxLayout(self.language_box)
        self.language_hint = QLabel()
        self.language_hint.setWordWrap(True)
        language_layout.addWidget(self.language_hint)
        language_layout.addLayout(button_row(self.chinese_button, self.english_button))

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, MAX_IDLE_MINUTES)  # 0: never
        self.full_screen_check = QCheckBox()
        self.theme_combo = QComboBox()
        for theme in THEMES:
            self.theme_combo.addItem("", theme)
        self.kiosk_box = QGroupBox()
        kiosk_form = form_layout(self.kiosk_box)
        self.idle_label, self.theme_label = QLabel(), QLabel()
        kiosk_form.addRow(self.idle_label, self.idle_spin)
        kiosk_form.addRow(self.full_screen_check)
        kiosk_form.addRow(self.theme_label, self.theme_combo)
        level_labels(kiosk_form)

        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, 24)
        self.opens_edit = QTimeEdit()
        self.closes_edit = QTimeEdit()
        for t in (self.opens_edit, self.closes_edit):
            t.setDisplayFormat("HH:mm")
        for spin in (self.idle_spin, self.interval_spin, self.opens_edit, self.closes_edit):
            spin.setMaximumWidth(180)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.records_box = QGroupBox()
        records_form = form_layout(self.records_box)
        self.interval_label, self.opens_label, self.closes_label = QLabel(), QLabel(), QLabel()
        records_form.addRow(self.interval_label, self.interval_spin)
        records_form.addRow(self.opens_label, self.opens_edit)
        records_form.addRow(self.closes_label, self.closes_edit)
        level_labels(records_form)

        self.save_button = QPushButton()
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        self.marks = FieldErrors(error_label(), page.lang)
        self.marks.bind("Idle minutes", self.idle_spin)
        self.marks.bind("Interval hours", self.interval_spin)
        self.marks.bind("Opens", self.opens_edit)
        self.marks.bind("Closes", self.closes_edit)
        touch(
            self.chinese_button,
            self.english_button,
            self.idle_spin,
            self.full_screen_check,
            self.theme_combo,
            self.interval_spin,
            self.opens_edit,
            self.closes_edit,
            self.save_button,
        )
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.language_box)
        left.addWidget(self.kiosk_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.records_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.marks.label)
        layout.addLayout(button_row(self.save_button))
        self.load()

    def retranslate(self) -> None:
        self.language_box.setTitle(self.tr("Language"))
        self.language_hint.setText(
            self.tr("Every page switches at once; nothing typed so far is lost.")
        )
        self.kiosk_box.setTitle(self.tr("Kiosk"))
        self.idle_label.setText(self.tr("Back to the home page after (minutes idle)"))
        self.full_screen_check.setText(
            self.tr("Full screen without window borders (leaving it needs a supervisor's PIN)")
        )
        self.idle_spin.setSpecialValueText(self.tr("Never"))
        self.theme_label.setText(self.tr("Look"))
        self.theme_combo.setItemText(0, self.tr("Normal"))
        self.theme_combo.setItemText(1, self.tr("Large type, high contrast"))
        self.records_box.setTitle(self.tr("Cleaning reminder"))
        self.interval_label.setText(self.tr("Clean and disinfect every (hours)"))
        self.opens_label.setText(self.tr("Station opens at"))
        self.closes_label.setText(self.tr("Station closes at"))
        self.save_button.setText(self.tr("Save the kiosk settings"))
        self.show_language()

    def show_language(self) -> None:
        lang = self.page.lang()
        self.chinese_button.setChecked(lang != "en")
        self.english_button.setChecked(lang == "en")

    def load(self) -> None:
        """What this kiosk's settings file says now (defaults where it says nothing)."""
        s = kiosk_settings()
        self.idle_spin.setValue(
            _int_setting(s, IDLE_MINUTES, DEFAULT_IDLE_MINUTES, 0, MAX_IDLE_MINUTES)
        )
        self.full_screen_check.setChecked(_bool_setting(s, FULL_SCREEN, False))
        theme = str(s.value(THEME, "normal"))
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(theme), 0))
        self.interval_spin.setValue(
            _int_setting(s, RECORDS_INTERVAL, DEFAULT_INTERVAL_HOURS, 1, 24)
        )
        self.opens_edit.setTime(_time_setting(s, RECORDS_OPENS, DEFAULT_OPENS))
        self.closes_edit.setTime(_time_setting(s, RECORDS_CLOSES, DEFAULT_CLOSES))
        self.marks.clear()

    def show_snapshot(self, snapshot: SettingsSnapshot, *, fill_forms: bool) -> None:
        self.show_language()

    def update_buttons(self) -> None:
        self.save_button.setEnabled(True)  # the settings file: no database call to wait for

    def reset(self) -> None:
        self.load()

    def choose_language(self, lang: str) -> None:
        self.show_language()  # checked only once the window has switched
        if lang != self.page.lang():
            self.page.language_requested.emit(lang)

    def save(self) -> None:
        self.marks.clear()
        if self.page.supervisor(self.marks) is None:
            return
        opens, closes = self.opens_edit.time(), self.closes_edit.time()
        if closes <= opens:
            self.marks.show(
                InvalidInput(
                    "关门时间要晚于开门时间",
                    "The closing time must be after the opening time",
                    field="Closes",
                )
            )
            return
        s = kiosk_settings()
        s.setValue(IDLE_MINUTES, self.idle_spin.value())
        s.setValue(FULL_SCREEN, self.full_screen_check.isChecked())
        s.setValue(THEME, str(self.theme_combo.currentData()))
        s.setValue(RECORDS_INTERVAL, self.interval_spin.value())
        s.setValue(RECORDS_OPENS, opens.toString("HH:mm"))
        s.setValue(RECORDS_CLOSES, closes.toString("HH:mm"))
        s.sync()
        if s.status() != QSettings.Status.NoError:
            where = s.fileName()
            self.marks.show(
                DatabaseProblem(
                    f"本机设置没能保存到 {where}：请检查这个文件和文件夹能否写入",
                    f"The kiosk settings could not be saved to {where}: check that the file "
                    "and its folder can be written",
                )
            )
            return
        self.ctx.say(self.tr("Kiosk settings saved"))
        self.page.kiosk_settings_saved.emit()
