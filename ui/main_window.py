"""The kiosk's main window: a side bar of pages around the check-in screen, never frozen.

Home (the check-in screen): a big button per visitor category (tap = check in now,
with the services toggled below it), a field a member card's code can be typed into,
and today's register with who is inside, check-out and undo. The side bar opens the
other pages (:meth:`MainWindow.add_page`); a page only a supervisor may open asks an
attendant for a supervisor's name and PIN first, and those rights end when the
person leaves that page, when the shift changes, or when the kiosk is left alone.

Every service call goes through :class:`ui.ops.Ops`, off the GUI thread: the window
keeps answering while another kiosk or an import holds the database, shows that it is
working (the buttons of the running action are disabled) and says when it is waiting
for the database. Calls run one at a time in the order asked, so scans that come in
while one is running are done in order. An action's result and the register that
shows it are read in one call. A refusal shows in the notice line and writes nothing.

A QR scanner is heard wherever the focus is (:class:`ui.scanner.ScanFilter`): a
member card checks in or out, a visit slip checks out, a relief voucher opens its
confirm dialog; the result shows large in place of the left panel for a few seconds.
Visitor mode hands the scanner to a full-screen page for visitors (:mod:`ui.visitor_mode`).

Kiosk mode (``kiosk/full_screen``): full screen without decorations; leaving it or
closing the program needs a supervisor's PIN. After ``kiosk/idle_minutes`` without
input (:mod:`ui.idle`) the window goes home, closes what was left open, resets the
pages and drops a supervisor's rights. Change shift locks the window until the next
person signs in; cancelling the sign-in leaves it locked, never closes the program.

Each refresh also checks that the database is still the one the window was showing
(the station and the newest entry of the append-only audit log): after a ``restore``
from the command line it says so plainly and reloads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeGuard, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import StationError
from station_app.loans import LoanInfo
from station_app.relief import HandoutInfo
from station_app.scans import CHECK_OUT, OPEN_VOUCHER, ScanOutcome
from station_app.services import Services
from station_app.slips import Printout
from station_app.stations import CategoryInfo, ServiceTypeInfo, StationInfo
from station_app.visits import VisitInfo
from station_app.vouchers import VoucherInfo
from ui.feedback import display_name, fill
from ui.forms import FormDialog
from ui.i18n import install_translators
from ui.idle import IdleWatcher
from ui.login_dialog import LoginDialog
from ui.ops import Ops
from ui.pages.base import Page, PageContext
from ui.printing import Printing, PrintSettings
from ui.scan_display import ScanDisplay, VoucherDialog
from ui.scanner import ScanFilter
from ui.shell import (
    TOUCH_MIN,
    ButtonFlow,
    KioskSettings,
    LockedPage,
    ReadableDelegate,
    SideBar,
    WrapButton,
    apply_theme,
)
from ui.visit_model import VisitTableModel
from ui.visitor_mode import SupervisorDialog, VisitorMode
from ui.voucher_issue_dialog import VoucherIssueDialog

T = TypeVar("T")
log = logging.getLogger("station_desk.ui.window")

CATEGORY_COLUMNS = 3
SERVICE_COLUMNS = 5
REFRESH_MS = 60_000
HOME = "home"
UMBRELLA_SERVICE = "借伞"  # the catalog's service that lends an umbrella
UMBRELLA_ITEM = "雨伞"
LOAN_HOURS = 24
AUDIT_LOOKBACK = 500  # how many new audit entries a refresh looks back over, at most

# The register's columns (VisitTableModel.COLUMNS): sized to their contents, the
# services column takes the rest and is elided; visitor and member shrink when needed.
COL_IN, COL_CATEGORY, COL_SERVICES, COL_MEMBER, COL_OUT, COL_MINUTES, COL_STATE = range(7)
CELL_PADDING = 14  # a cell's margins around its text
SERVICES_MIN_WIDTH = 60
BUSY_AFTER_MS = 150  # the header's "working" shows for calls that take longer
PANEL_MIN_WIDTH = 440  # the check-in panel at its narrowest (1024 px wide, in English)
PAGE_SHORTCUTS = 9  # Ctrl+1 … Ctrl+9 open the side bar's first nine pages


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Identity:
    """What tells the database the window is showing from another one put in its place:
    the station, and the newest entry of the audit log (append-only: it only grows)."""

    station: tuple[int, str, datetime]
    newest_event: tuple[int, datetime, str] | None


@dataclass(frozen=True)
class Register:
    """Today's register as read on the worker, and whether the file was replaced."""

    day: date
    visits: tuple[VisitInfo, ...]
    identity: Identity
    basis: Identity | None  # what the window knew when it asked
    replaced: bool


@dataclass(frozen=True)
class Catalog:
    station: StationInfo
    categories: tuple[CategoryInfo, ...]
    service_types: tuple[ServiceTypeInfo, ...]


def showing(dialog: QDialog | None) -> TypeGuard[QDialog]:
    """``dialog`` is still there (not deleted after closing) and on screen."""
    return dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible()


def first_in_tab_order(root: QWidget) -> QWidget | None:
    """The first widget inside ``root`` that Tab would stop at: shown, enabled, taking
    the keys by Tab; None when there is none."""
    widget = root.nextInFocusChain()
    while widget is not root and widget is not None:
        if (
            root.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def read_identity(services: Services) -> Identity:
    station = services.stations.profile()
    newest = services.audit.recent(1)
    event = (newest[0].id, newest[0].at, newest[0].action) if newest else None
    return Identity((station.id, station.code, station.created_at), event)


def was_replaced(services: Services, known: Identity, now: Identity) -> bool:
    """True when the database is not the one ``known`` was read from (a restore, another
    file): another station, or an audit entry the window saw that is gone or changed."""
    if known.station != now.station:
        return True
    if known.newest_event is None:
        return False
    if now.newest_event is None:
        return True
    known_id = known.newest_event[0]
    newest_id = now.newest_event[0]
    if newest_id < known_id:
        return True
    if newest_id == known_id:
        return now.newest_event != known.newest_event
    if newest_id - known_id >= AUDIT_LOOKBACK:
        return False  # too much has happened since to look back cheaply: no judgement
    for entry in services.audit.recent(newest_id - known_id + 1):
        if entry.id == known_id:
            return (entry.id, entry.at, entry.action) != known.newest_event
    return True


def read_register(services: Services, known: Identity | None) -> Register:
    """Today's register and the database's identity (on the worker thread)."""
    today = services.ctx.today()
    visits = tuple(services.visits.visits_on(today))
    identity = read_identity(services)
    replaced = known is not None and was_replaced(services, known, identity)
    return Register(today, visits, identity, known, replaced)


def read_catalog(services: Services) -> Catalog:
    return Catalog(
        services.stations.profile(),
        tuple(services.stations.categories()),
        tuple(services.stations.service_types()),
    )


# --------------------------------------------------------------------------- dialogs


class LendDialog(FormDialog):
    """The umbrella ticked at check-in: who borrows it and for how long. ``lend_requested``
    with (borrower, phone last 4, member code, hours); the window records the loan and
    calls :meth:`show_error` on a refusal, :meth:`accept` when it is done."""

    lend_requested = Signal(str, str, str, int)

    def __init__(
        self, lang: str, borrower: str, member_code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(lang, parent)
        self.setWindowTitle(self.tr("Lend an umbrella"))
        self.setMinimumWidth(460)
        self.member_code = member_code
        prompt = QLabel(
            self.tr("The visitor borrows an umbrella: record the loan so that it comes back.")
        )
        prompt.setWordWrap(True)
        self.borrower = QLineEdit(borrower)
        self.borrower.setPlaceholderText(self.tr("Name or nickname"))
        self.phone = QLineEdit()
        self.phone.setMaxLength(4)
        self.phone.setPlaceholderText(self.tr("4 digits (optional)"))
        self.hours = QSpinBox()
        self.hours.setRange(1, 24 * 7)
        self.hours.setValue(LOAN_HOURS)
        self.hours.setSuffix(" " + self.tr("hours"))
        for widget in (self.borrower, self.phone, self.hours):
            widget.setMinimumHeight(TOUCH_MIN)
        form = QFormLayout()
        form.addRow(self.tr("Borrower"), self.borrower)
        if member_code:
            form.addRow(self.tr("Member card"), QLabel(member_code))
        form.addRow(self.tr("Phone last 4"), self.phone)
        form.addRow(self.tr("Bring back within"), self.hours)
        self.bind_field("Borrower", self.borrower)
        self.bind_field("Phone last 4", self.phone)
        self.bind_field("Due in hours", self.hours)
        # A corrected field loses its red at once.
        self.borrower.textEdited.connect(lambda _t: self._mark(self.borrower, False))
        self.phone.textEdited.connect(lambda _t: self._mark(self.phone, False))

        self.buttons = QDialogButtonBox()
        self.lend_button = self.buttons.addButton(
            self.tr("Lend"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.lend_button.setProperty("role", "primary")
        self.skip_button = self.buttons.addButton(
            self.tr("Not lent"), QDialogButtonBox.ButtonRole.RejectRole
        )
        for button in (self.lend_button, self.skip_button):
            button.setMinimumHeight(TOUCH_MIN)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.lend_button.setDefault(True)
        self.borrower.setFocus()

    def submit(self) -> None:
        self.clear_error()
        self.set_busy(True)
        self.lend_requested.emit(
            self.borrower.text().strip(),
            self.phone.text().strip(),
            self.member_code,
            self.hours.value(),
        )

    def set_busy(self, busy: bool) -> None:
        self.lend_button.setEnabled(not busy)

    def refused(self, exc: StationError) -> None:
        self.set_busy(False)
        self.show_error(exc)


# --------------------------------------------------------------------------- the window


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    checked_in = Signal(int)
    checked_out = Signal(int)
    handed_out = Signal(int)
    lent = Signal(int)  # a loan's id
    register_shown = Signal()  # the register now shows what the database holds
    database_replaced = Signal()
    went_idle = Signal()
    page_changed = Signal(str)
    page_built = Signal(str, QWidget)  # a side bar page's key and the page, once built

    def __init__(
        self,
        services: Services,
        actor: Actor,
        lang: str,
        parent: QWidget | None = None,
        *,
        printing: Printing | None = None,
        ops: Ops | None = None,
        kiosk: KioskSettings | None = None,
        idle_clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self._built = False
        self.services = services
        self.actor = actor  # who is on shift
        self.elevated: Actor | None = None  # a supervisor who opened a page by PIN
        self.signed_in = True
        self.lang = lang
        self.kiosk = kiosk or KioskSettings()
        self.ops = ops or Ops(parent=self)
        self.ops.busy_changed.connect(self._show_busy)
        self.ops.waiting.connect(self._show_waiting)
        self.ops.failed.connect(self.complain)
        # Printouts go to this kiosk's printer, chosen once in Print settings; the
        # record a printout belongs to is saved before it is printed, whatever happens.
        self.printing = printing or Printing(
            PrintSettings(), lang, self, test_pdf=lambda: services.slips.poster("a6").pdf
        )
        self.printing.status_changed.connect(self.say)
        self.printing.failed.connect(lambda message: self._notify("error", message))
        catalog = read_catalog(services)
        self.station = catalog.station
        self.categories = catalog.categories
        self.service_types = catalog.service_types
        # Maximised by the caller; without a window manager (a bare kiosk session) the size
        # asked for here is what shows, so it must fit a 1366×768 screen.
        room = self.screen().availableGeometry()
        self.resize(min(1280, room.width()), min(800, room.height()))

        self._identity: Identity | None = None
        self._visits: tuple[VisitInfo, ...] = ()
        self._counts: tuple[int, int] | None = None
        self._running: dict[str, int] = {"checkin": 0, "scan": 0, "register": 0, "print": 0}
        self._pages: dict[str, Page] = {}  # the pages built so far
        self._kinds: dict[str, type[Page]] = {}  # every page of the side bar, in order
        self._makers: dict[str, Callable[[], Page]] = {}  # pages not built yet
        self.current_page = HOME
        self.voucher_dialog: VoucherDialog | None = None
        self.supervisor_dialog: SupervisorDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.lend_dialog: LendDialog | None = None
        self.slip_question: QMessageBox | None = None
        self.visitor: VisitorMode | None = None
        self._may_close = False
        self._state_before_visitor = self.windowState()

        self.model = self._new_model()
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(4)
        outer.addLayout(self._header())
        outer.addLayout(self._notice_row())
        self.home_notices = QVBoxLayout()  # lines that come and go: backups, cleaning
        self.home_notices.setSpacing(2)
        outer.addLayout(self.home_notices)

        self.body = QStackedWidget()
        work = QWidget()
        work_row = QHBoxLayout(work)
        work_row.setContentsMargins(0, 0, 0, 0)
        work_row.setSpacing(6)
        self.side_bar = SideBar()
        self.side_bar.chosen.connect(self.open_page)
        work_row.addWidget(self.side_bar)
        self.pages = QStackedWidget()
        self.home = self._home()
        self.pages.addWidget(self.home)
        work_row.addWidget(self.pages, 1)
        self.side_bar.add(HOME, self.tr("Check-in"), "go-home")
        self.side_bar.set_current(HOME)
        self._page_shortcuts: dict[str, QShortcut] = {}  # Ctrl+1 …: the side bar's pages
        self._add_page_shortcut(HOME)
        self.work = work
        self.body.addWidget(work)
        self.locked_page = LockedPage()
        self.locked_page.sign_in_requested.connect(self.ask_sign_in)
        self.body.addWidget(self.locked_page)
        outer.addWidget(self.body, 1)
        self.setCentralWidget(central)

        self.page_context = PageContext(
            services=services,
            ops=self.ops,
            actor=self.current_actor,
            lang=lambda: self.lang,
            say=self.say,
            complain=self.complain,
            printing=self.printing,
        )

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(lambda: self.refresh(refused=self.complain_once))
        self._timer.start()

        self.scan_filter = ScanFilter(self)
        self.scan_filter.scanned.connect(self.on_scanned)
        self.idle = IdleWatcher(self.kiosk.idle_minutes, self, clock=idle_clock)
        self.idle.idle.connect(self.go_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scan_filter)
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._keys_moved)
        # Installed after the scanner's filter, so it is asked first and sees every key.
        self.idle.start()

        self.leave_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        self.leave_shortcut.activated.connect(self.request_leave_full_screen)

        self._built = True
        self.retranslate()
        self._update_buttons()
        self.refresh()
        self.scan_edit.setFocus()

    # ----------------------------------------------------------------- building

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.station_label = QLabel(self.station.name)
        self.station_label.setObjectName("stationName")
        row.addWidget(self.station_label)
        row.addStretch(1)
        self.date_label = QLabel()
        self.date_label.setObjectName("dateLabel")
        row.addWidget(self.date_label)
        self.shift_label = QLabel()
        self.shift_label.setObjectName("shiftLabel")
        row.addWidget(self.shift_label)
        self.print_button = QPushButton()
        menu = QMenu(self.print_button)
        self.card_action = QAction(menu)
        self.card_action.triggered.connect(self.print_member_card)
        self.voucher_action = QAction(menu)
        self.voucher_action.triggered.connect(self.issue_voucher)
        self.poster_action = QAction(menu)
        self.poster_action.triggered.connect(self.preview_poster)
        self.print_settings_action = QAction(menu)
        self.print_settings_action.triggered.connect(self.choose_printer)
        menu.addAction(self.card_action)
        menu.addAction(self.voucher_action)
        menu.addAction(self.poster_action)
        menu.addSeparator()
        menu.addAction(self.print_settings_action)
        self.print_button.setMenu(menu)
        self.visitor_button = QPushButton()
        self.visitor_button.clicked.connect(self.open_visitor_mode)
        self.leave_button = QPushButton()
        self.leave_button.clicked.connect(self.request_leave_full_screen)
        self.leave_button.hide()
        self.sign_out_button = QPushButton()
        self.sign_out_button.clicked.connect(self.change_shift)
        for button in (
            self.print_button,
            self.visitor_button,
            self.leave_button,
            self.sign_out_button,
        ):
            button.setMinimumHeight(TOUCH_MIN)
            row.addWidget(button)
        return row

    def _notice_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setMinimumHeight(36)
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.notice, 1)
        self.busy = QWidget()
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # moving: how long is not known
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedSize(72, 10)
        busy_row.addWidget(self.busy_label)
        busy_row.addWidget(self.busy_bar)
        policy = self.busy.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the notice does not jump when it goes
        self.busy.setSizePolicy(policy)
        self.busy.hide()
        row.addWidget(self.busy)
        # Shown when a call takes longer than a blink: a quick tap does not flash it.
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self.busy.show)
        return row

    def _home(self) -> QWidget:
        # A scan's result shows large in place of the check-in panel, then goes.
        self.display = ScanDisplay(self.lang, self.services.ctx.local)
        self.left_stack = QStackedWidget()
        self.check_in_panel = self._check_in_panel()
        self.left_stack.addWidget(self.check_in_panel)
        self.left_stack.addWidget(self.display)
        self.display.shown.connect(lambda: self.left_stack.setCurrentWidget(self.display))
        self.display.cleared.connect(self._display_cleared)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left_stack)
        self.splitter.addWidget(self._register_panel())
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([520, 640])
        self.splitter.setChildrenCollapsible(False)
        return self.splitter

    def _check_in_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 0, 4, 0)
        self.category_title = QLabel()
        self.category_title.setObjectName("sectionTitle")
        layout.addWidget(self.category_title)
        self.category_grid = QGridLayout()
        layout.addLayout(self.category_grid)
        self.services_title = QLabel()
        self.services_title.setObjectName("sectionTitle")
        layout.addWidget(self.services_title)
        self.services_flow = ButtonFlow(SERVICE_COLUMNS)
        layout.addWidget(self.services_flow)
        self.category_buttons: dict[int, WrapButton] = {}
        self.service_buttons: dict[int, WrapButton] = {}
        self._fill_catalog()

        self.scan_title = QLabel()
        self.scan_title.setObjectName("sectionTitle")
        self.scan_title.setWordWrap(True)
        layout.addWidget(self.scan_title)
        scan_row = QHBoxLayout()
        self.scan_edit = QLineEdit()
        self.scan_edit.setMinimumHeight(TOUCH_MIN)
        self.scan_edit.returnPressed.connect(self.submit_scan)
        scan_row.addWidget(self.scan_edit, 1)
        self.scan_button = QPushButton()
        self.scan_button.setMinimumHeight(TOUCH_MIN)
        self.scan_button.clicked.connect(self.submit_scan)
        scan_row.addWidget(self.scan_button)
        layout.addLayout(scan_row)
        layout.addStretch(1)
        return panel

    def _fill_catalog(self) -> None:
        """The category and service buttons, from :attr:`categories` / :attr:`service_types`."""
        for button in self.category_buttons.values():
            self.category_grid.removeWidget(button)
            button.deleteLater()
        self.category_buttons.clear()
        for i, cat in enumerate(self.categories):
            button = WrapButton()
            button.setProperty("role", "category")
            button.clicked.connect(lambda _=False, c=cat.id: self.check_in_category(c))
            self.category_grid.addWidget(button, i // CATEGORY_COLUMNS, i % CATEGORY_COLUMNS)
            self.category_buttons[cat.id] = button
        self.service_buttons.clear()
        for st in self.service_types:
            button = WrapButton()
            button.setCheckable(True)
            button.setProperty("role", "service")
            self.service_buttons[st.id] = button
        self.services_flow.set_buttons(list(self.service_buttons.values()))
        self._name_catalog_buttons()

    def _fit_services(self) -> None:
        """The fewest service columns: as many as fit under the category buttons at their
        narrowest (more when the panel is wider), so the services never make it wider."""
        for button in (*self.category_buttons.values(), *self.service_buttons.values()):
            button.ensurePolished()  # the style sheet's fonts decide the widths
        self.services_flow.relayout()  # new texts: measured again
        spacing = max(0, self.category_grid.horizontalSpacing())
        cat_width = max(
            (b.minimumSizeHint().width() for b in self.category_buttons.values()), default=0
        )
        row_width = max(
            PANEL_MIN_WIDTH, cat_width * CATEGORY_COLUMNS + spacing * (CATEGORY_COLUMNS - 1)
        )
        cell = max(1, self.services_flow.cell().width())
        columns = SERVICE_COLUMNS
        while (
            columns > 2 and columns * cell + self.services_flow.spacing * (columns - 1) > row_width
        ):
            columns -= 1
        self.services_flow.set_min_columns(columns)

    def _name_catalog_buttons(self) -> None:
        for cat in self.categories:
            self.category_buttons[cat.id].setText(display_name(cat.name, cat.name_en, self.lang))
        for st in self.service_types:
            self.service_buttons[st.id].setText(display_name(st.name, st.name_en, self.lang))
        self._fit_services()

    def _register_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 0, 0, 0)
        top = QHBoxLayout()
        self.register_title = QLabel()
        self.register_title.setObjectName("sectionTitle")
        top.addWidget(self.register_title)
        top.addStretch(1)
        self.inside_label = QLabel()
        self.inside_label.setObjectName("insideCount")
        top.addWidget(self.inside_label)
        layout.addLayout(top)

        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(TOUCH_MIN - 8)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_MIN - 8)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)
        self.table.doubleClicked.connect(self._on_double_click)
        if self.kiosk.theme == "high_contrast":  # (the plain delegate draws faster)
            self.readable = ReadableDelegate(self.table)
            self.readable.on_dark = True
            self.table.setItemDelegate(self.readable)
        self._attach_model()
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.check_out_button = QPushButton()
        self.check_out_button.setProperty("role", "primary")
        self.check_out_button.clicked.connect(self.check_out_selected)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_selected)
        self.slip_button = QPushButton()
        self.slip_button.clicked.connect(self.print_selected_slip)
        for button in (self.check_out_button, self.undo_button, self.slip_button):
            button.setMinimumHeight(TOUCH_MIN)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return panel

    def _new_model(self) -> VisitTableModel:
        return VisitTableModel(
            self.services.ctx.local,
            self.lang,
            service_names={
                s.name: display_name(s.name, s.name_en, self.lang) for s in self.service_types
            },
            parent=self,
        )

    def _attach_model(self) -> None:
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._fit_columns)
        # Per column, once the header has its sections (a new model gives new ones).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_SERVICES, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()

    def _column_widths(self) -> dict[int, int]:
        """What each column needs, from the texts it can show and the font: never from
        asking the model for every cell (a busy day has hundreds of rows)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()

        def widest(texts: Iterable[str]) -> int:
            return max((metrics.horizontalAdvance(t) for t in set(texts)), default=0)

        states = [
            QCoreApplication.translate("VisitTableModel", word)
            for word in ("Inside", "Left", "Voided")
        ]
        contents = {
            COL_IN: widest(["88:88"]),
            COL_CATEGORY: widest(self._category(v) for v in self._visits),
            COL_MEMBER: widest(v.member_nickname or v.member_code or "" for v in self._visits),
            COL_OUT: widest(["88:88"]),
            COL_MINUTES: widest(["8888"]),
            COL_STATE: widest(states),
        }
        return {
            column: max(header.sectionSizeFromContents(column).width(), text + CELL_PADDING)
            for column, text in contents.items()
        }

    def _fit_columns(self) -> None:
        """Times, minutes and state as wide as their contents; the services column gets
        at least a quarter of what is left, visitor and member share the rest (each as
        wide as its contents when there is room, elided when not), no sideways scrolling."""
        width = self.table.viewport().width()
        if width <= 0:
            return
        header = self.table.horizontalHeader()
        wanted = self._column_widths()
        shrinkable = {c: wanted.pop(c) for c in (COL_CATEGORY, COL_MEMBER)}
        # Never narrower than its own heading: the headings stay whole.
        least = {c: header.sectionSizeFromContents(c).width() for c in shrinkable}
        services = max(SERVICES_MIN_WIDTH, header.sectionSizeFromContents(COL_SERVICES).width())
        room = width - sum(wanted.values())
        spare = max(0, room - max(services, room // 4) - sum(least.values()))
        extra = {c: max(0, size - least[c]) for c, size in shrinkable.items()}
        total = sum(extra.values())
        scale = min(1.0, spare / total) if total else 1.0
        for column, size in wanted.items():
            header.resizeSection(column, size)
        for column in shrinkable:
            header.resizeSection(column, least[column] + int(extra[column] * scale))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit_columns()
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- words

    def retranslate(self) -> None:
        """Every string the window itself shows, in the language now installed."""
        if not self._built:
            return
        self.setWindowTitle(self.station.name)  # Qt appends the application's display name
        self.print_button.setText(self.tr("Print"))
        self.card_action.setText(self.tr("Member card…"))
        self.voucher_action.setText(self.tr("Relief voucher…"))
        self.poster_action.setText(self.tr("Station poster (preview)"))
        self.print_settings_action.setText(self.tr("Print settings… (supervisor)"))
        self.visitor_button.setText(self.tr("Visitor mode"))
        self.visitor_button.setToolTip(
            self.tr("A full screen for visitors to scan their card or slip (supervisor)")
        )
        self.leave_button.setText(self.tr("Leave full screen"))
        self.sign_out_button.setText(self.tr("Change shift"))
        self.busy_label.setText(self.tr("Working…"))
        self.category_title.setText(self.tr("Tap the visitor's kind to check in"))
        self.services_title.setText(self.tr("Services used (optional, any number)"))
        self.scan_title.setText(self.tr("Member card: scan it, or type the code and press Enter"))
        self.scan_edit.setPlaceholderText(self.tr("Card code"))
        self.scan_button.setText(self.tr("Check in / out"))
        self.register_title.setText(self.tr("Today's visits"))
        self.check_out_button.setText(self.tr("Check out"))
        self.undo_button.setText(self.tr("Undo check-in"))
        self.slip_button.setText(self.tr("Print slip"))
        self.slip_button.setToolTip(self.tr("Print the selected visitor's slip (scan it to leave)"))
        self._name_catalog_buttons()
        self.side_bar.set_title(HOME, self.tr("Check-in"))
        for key in self._kinds:
            self.side_bar.set_title(key, self._kinds[key].title())
        self._update_locks()  # the tooltips, in the new language
        self._show_counts()
        self._show_actor()
        self.locked_page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Speak ``lang`` (``zh_CN`` or ``en``) from now on: the translators are swapped
        and every open page is told (Qt's LanguageChange); nothing is restarted."""
        app = QApplication.instance()
        if app is not None:
            for old in app.findChildren(QTranslator):
                app.removeTranslator(old)
                old.setParent(None)  # gone once nothing else holds it
            install_translators(app, lang)
        self.lang = lang
        self.printing.lang = lang
        self.display.lang = lang
        self.model = self._new_model()
        self._attach_model()
        self.model.set_visits(self._visits)
        self.retranslate()
        self._update_buttons()

    # ----------------------------------------------------------------- who is acting

    def current_actor(self) -> Actor:
        """Who acts now: a supervisor who opened a supervisor's page by PIN, or the
        person on shift."""
        return self.elevated if self.elevated is not None else self.actor

    def set_actor(self, actor: Actor) -> None:
        """A new shift: the next person signed in at this kiosk."""
        self.actor = actor
        self.elevated = None
        self.signed_in = True
        self.body.setCurrentWidget(self.work)
        if showing(self.login_dialog):
            self.login_dialog.done(QDialog.DialogCode.Rejected)  # signed in another way
        self._show_actor()
        self._update_locks()
        self._update_buttons()
        self.say(fill(self.tr("Shift started: %1"), actor.name))
        self.open_page(HOME)
        self.scan_edit.setFocus()

    def _show_actor(self) -> None:
        if not self.signed_in:
            self.shift_label.setText(self.tr("Signed out"))
            return
        role = self.tr("supervisor") if self.actor.is_supervisor else self.tr("attendant")
        text = fill(self.tr("On shift: %1 (%2)"), self.actor.name, role)
        if self.elevated is not None:
            text += " · " + fill(self.tr("Supervisor: %1"), self.elevated.name)
        self.shift_label.setText(text)

    def change_shift(self) -> None:
        """The next person signs in; meanwhile nobody is, and the window says so."""
        self.sign_out_requested.emit()
        self.lock()
        self.ask_sign_in()

    def lock(self) -> None:
        """Nobody on shift: the pages go back to their start and are covered."""
        self._close_dialogs()
        self.elevated = None
        self.signed_in = False
        self._show_home()
        self._reset_pages()
        self.display.clear()
        self.scan_edit.clear()
        self._untick_services()
        self.body.setCurrentWidget(self.locked_page)
        self._show_actor()
        self._update_buttons()

    def ask_sign_in(self) -> None:
        """The sign-in dialog over the locked window. Cancel leaves the window locked
        (the next person signs in from the locked screen); the program stays open."""
        if showing(self.login_dialog):
            self.login_dialog.raise_()
            return
        dialog = LoginDialog(self.services, self.lang, self.station.name, self, ops=self.ops)
        dialog.accepted.connect(lambda: self._signed_in(dialog))
        self._when_closed(dialog)
        self.login_dialog = dialog
        dialog.open()

    def _signed_in(self, dialog: LoginDialog) -> None:
        if dialog.actor is not None:
            self.set_actor(dialog.actor)

    def _ask_supervisor(self, purpose: str, then: Callable[[Actor], None]) -> None:
        """A supervisor's name and PIN; ``then(supervisor)`` once they are right."""
        if showing(self.supervisor_dialog):
            self.supervisor_dialog.reject()
        dialog = SupervisorDialog(self.services, self.lang, purpose, self, ops=self.ops)

        def confirmed() -> None:
            if dialog.actor is not None:
                then(dialog.actor)

        dialog.accepted.connect(confirmed)
        self._when_closed(dialog)
        self.supervisor_dialog = dialog
        dialog.open()

    # ----------------------------------------------------------------- pages

    def add_page(self, key: str, page: Page) -> None:
        """Put ``page`` in the side bar (in the order added) and in the window."""
        self._add_to_side_bar(key, type(page))
        self._place_page(key, page)

    def add_page_later(self, key: str, kind: type[Page], make: Callable[[], Page]) -> None:
        """Put a page of class ``kind`` in the side bar now and build it with ``make()``
        when it is first opened (or asked for with :meth:`page`): a start-up waits for
        none of the pages but the check-in screen."""
        self._add_to_side_bar(key, kind)
        self._makers[key] = make

    def _add_to_side_bar(self, key: str, kind: type[Page]) -> None:
        if key == HOME or key in self._kinds:
            raise ValueError(f"there is a page {key!r} already")
        self._kinds[key] = kind
        self.side_bar.add(key, kind.title(), kind.icon_name(), locked=self._locked(kind))
        self._add_page_shortcut(key)
        self._update_locks()

    def _add_page_shortcut(self, key: str) -> None:
        """Ctrl and the page's place in the side bar (Ctrl+1 is the check-in screen) opens
        it as a tap on its button does, up to Ctrl+9."""
        number = len(self._page_shortcuts) + 1
        if number > PAGE_SHORTCUTS:
            return
        shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(lambda k=key: self.open_page_by_shortcut(k))
        self._page_shortcuts[key] = shortcut

    def page_shortcut(self, key: str) -> QKeySequence | None:
        """The keys that open the side bar's page ``key`` (None past the ninth)."""
        shortcut = self._page_shortcuts.get(key)
        return shortcut.key() if shortcut is not None else None

    def open_page_by_shortcut(self, key: str) -> None:
        """A page's keys: only when the side bar could be tapped, never behind a dialog or
        an open list, nor while visitors have the screen or nobody is signed in."""
        visitor = self.visitor is not None and self.visitor.active
        if (
            not self.signed_in
            or visitor
            or not self.isVisible()
            or not self.side_bar.isEnabled()
            or QApplication.activeModalWidget() is not None
            or QApplication.activePopupWidget() is not None
        ):
            return
        self.open_page(key)

    def _place_page(self, key: str, page: Page) -> Page:
        self._pages[key] = page
        self.pages.addWidget(page)
        self.page_built.emit(key, page)
        return page

    def add_home_notice(self, notice: QWidget) -> None:
        """A line under the notice (the backups' age, the cleaning reminder): it shows and
        hides itself."""
        self.home_notices.addWidget(notice)

    def page_keys(self) -> list[str]:
        """The side bar's pages after the check-in screen, in their order."""
        return list(self._kinds)

    def page_kind(self, key: str) -> type[Page]:
        """The class of the page under ``key`` (built or not)."""
        return self._kinds[key]

    def find_page(self, key: str) -> Page | None:
        """The page, if it has been built; None if not (yet)."""
        return self._pages.get(key)

    def page(self, key: str) -> Page:
        """The page, built now if it was not yet."""
        page = self._pages.get(key)
        if page is not None:
            return page
        return self._place_page(key, self._makers.pop(key)())

    def _locked(self, page: type[Page]) -> bool:
        return page.supervisor_only and not self.current_actor().is_supervisor

    def _update_locks(self) -> None:
        self._set_side_bar_tip(HOME, self.tr("Check-in"))
        for key in self._kinds:
            page = self._kinds[key]
            locked = self._locked(page)
            self.side_bar.set_locked(key, locked)
            tip = page.title()
            if page.supervisor_only:
                tip = fill(self.tr("%1 (a supervisor's PIN is needed)"), tip) if locked else tip
            self._set_side_bar_tip(key, tip)

    def _set_side_bar_tip(self, key: str, tip: str) -> None:
        """A side bar button's tooltip, with the keys that open its page."""
        keys = self.page_shortcut(key)
        if keys is not None:
            shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
            tip = fill(self.tr("%1 (%2)"), tip, shown)
        self.side_bar.buttons[key].setToolTip(tip)

    def open_page(self, key: str) -> None:
        """Bring a page to the front (the side bar's tap). A supervisor's page asks an
        attendant for a supervisor's name and PIN first."""
        if key == HOME:
            self._show_page(HOME)
            return
        page = self._kinds[key]
        if self._locked(page):
            self.side_bar.set_current(self.current_page)  # not opened (yet)
            purpose = fill(
                self.tr("A supervisor's name and PIN are needed to open %1."), page.title()
            )
            self._ask_supervisor(purpose, lambda supervisor: self._elevate(supervisor, key))
            return
        self._show_page(key)

    def _elevate(self, supervisor: Actor, key: str) -> None:
        self.elevated = supervisor
        self._show_actor()
        self._update_locks()
        self._show_page(key)

    def _show_page(self, key: str) -> None:
        page = None if key == HOME else self.page(key)
        if self.elevated is not None and (page is None or not page.supervisor_only):
            self._drop_elevation()  # a supervisor's rights stay on the supervisor's pages
        self.current_page = key
        self.side_bar.set_current(key)
        if page is None:
            self.pages.setCurrentWidget(self.home)
            self.scan_edit.setFocus()
            self.refresh()
        else:
            self.pages.setCurrentWidget(page)
            page.activated()
            self._focus_page(page)
        self.page_changed.emit(key)

    def _focus_page(self, page: Page) -> None:
        """The keys go to the page's first control (its own choice, else the first in its
        Tab order that takes them), so that Tab goes on from there."""
        target = page.first_control()
        if target is None or not target.isEnabled() or not target.isVisible():
            target = first_in_tab_order(page)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_home(self) -> None:
        self.current_page = HOME
        self.side_bar.set_current(HOME)
        self.pages.setCurrentWidget(self.home)

    def _drop_elevation(self) -> bool:
        if self.elevated is None:
            return False
        self.elevated = None
        self._show_actor()
        self._update_locks()
        return True

    def _reset_pages(self) -> None:
        for page in self._pages.values():
            page.reset()

    # ----------------------------------------------------------------- idle

    def go_idle(self) -> None:
        """Nobody used the kiosk for a while: home, dialogs closed, pages reset, a
        supervisor's rights dropped (a supervisor on shift stays signed in)."""
        if not self.signed_in or not self.isVisible():
            return  # locked, or visitor mode has the screen
        self._close_dialogs()
        dropped = self._drop_elevation()
        self._reset_pages()
        self._show_home()
        self.display.clear()
        self.scan_edit.clear()
        self._untick_services()
        self._update_buttons()
        self.scan_edit.setFocus()
        if dropped:
            self._notify("ok", self.tr("Back to the start: the supervisor's rights have ended."))
        else:
            self._notify("ok", "")
        self.refresh()
        self.went_idle.emit()

    def _close_dialogs(self) -> None:
        """Close what this window left open (dialogs, menus), as Cancel would."""
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            nxt = QApplication.activePopupWidget()
            popup = None if nxt is popup else nxt
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                widget.reject()

    def _when_closed(self, dialog: QDialog) -> None:
        """When ``dialog`` closes it goes, and this window has the keys again (the card
        field on the check-in screen), as a window manager would do it."""
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: self._back_from_dialog())

    def _keys_moved(self, old: QWidget | None, now: QWidget | None) -> None:
        """A window of this one (a page's form, a question) closed and left the keys with
        nobody: they come back here, as a window manager would give them back (a bare
        kiosk session has none, and the page keys, Ctrl+1 …, would not work)."""
        if now is not None or old is None or not shiboken6.isValid(old):
            return
        window = old.window()
        if window is self or not self._owns(window):
            return

        def closed() -> None:  # (it says so while it closes: asked once it has)
            if not shiboken6.isValid(window) or not window.isVisible():
                self._back_from_dialog()

        QTimer.singleShot(0, self, closed)  # dropped if this window is gone by then

    def _back_from_dialog(self) -> None:
        if not self.isVisible() or QApplication.activeModalWidget() is not None:
            return
        self.activateWindow()
        focus = QApplication.focusWidget()
        if focus is not None and focus.isVisible() and focus.window() is self:
            return
        if self.current_page == HOME and self.signed_in:
            target: QWidget = self.scan_edit if self.scan_edit.isVisible() else self.display
            target.setFocus()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    # ----------------------------------------------------------------- kiosk mode

    def set_theme(self, theme: str) -> None:
        """Switch the look now (``normal`` or ``high_contrast``), as ``kiosk/theme`` says."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.kiosk = replace(self.kiosk, theme=theme)
        if theme == "high_contrast":
            delegate = ReadableDelegate(self.table)
            delegate.on_dark = True
            self.table.setItemDelegate(delegate)
        else:
            self.table.setItemDelegate(QStyledItemDelegate(self.table))
        self._fit_services()
        self._fit_columns()

    def reload_catalog(self) -> None:
        """The station's name, categories or services were changed (Settings): read them
        again and rebuild the check-in buttons."""
        self.services.visits.forget_catalog()
        self.ops.run(lambda: read_catalog(self.services), self._show_catalog, self.complain)

    def apply_kiosk_settings(self, kiosk: KioskSettings) -> None:
        """What Settings saved for this kiosk: theme and idle timeout now, full screen from
        the next start (leaving it needs a supervisor; entering it needs no restart)."""
        if kiosk.theme != self.kiosk.theme:
            self.set_theme(kiosk.theme)
        if kiosk.idle_minutes != self.kiosk.idle_minutes:
            self.set_idle_minutes(kiosk.idle_minutes)
        self.kiosk = replace(self.kiosk, full_screen=kiosk.full_screen)

    def set_idle_minutes(self, minutes: int) -> None:
        """A new idle timeout (``kiosk/idle_minutes``; 0: never), counted from now."""
        self.kiosk = replace(self.kiosk, idle_minutes=minutes)
        self.idle.set_minutes(minutes)

    def show_kiosk(self) -> None:
        """Show the window as this kiosk is set: full screen without decorations, or
        maximised."""
        if self.kiosk.full_screen:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.leave_button.show()
            # Without a window manager (a bare kiosk session) nobody acts on "full screen":
            # the window takes the whole screen itself.
            self.setGeometry(self.screen().geometry())
            self.showFullScreen()
        else:
            self.showMaximized()
        # The keys too: without a window manager nobody gives them to a window just shown
        # (the sign-in dialog had them), and the page keys (Ctrl+1 …) would not work.
        self.activateWindow()

    def request_leave_full_screen(self) -> None:
        if not self.kiosk.full_screen or not self.isFullScreen():
            return
        self._ask_supervisor(
            self.tr("A supervisor's name and PIN are needed to leave full screen."),
            lambda _supervisor: self.leave_full_screen(),
        )

    def leave_full_screen(self) -> None:
        self.kiosk = replace(self.kiosk, full_screen=False)
        self.leave_button.hide()
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
        self.showMaximized()
        self.say(self.tr("Full screen left: the window can be closed now."))

    def allow_close(self) -> None:
        """Close without asking (a supervisor confirmed it, or the program is ending)."""
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk.full_screen and not self._may_close:
            event.ignore()  # Alt+F4, the window manager: a supervisor must confirm
            self._ask_supervisor(
                self.tr("A supervisor's name and PIN are needed to close Station Desk."),
                lambda _supervisor: self._close_confirmed(),
            )
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scan_filter)
        self.idle.stop()
        self._timer.stop()
        super().closeEvent(event)

    def _close_confirmed(self) -> None:
        self._may_close = True
        self.close()

    # ----------------------------------------------------------------- working

    def _run(
        self,
        group: str,
        call: Callable[[], T],
        done: Callable[[T], None],
        refused: Callable[[StationError], None] | None = None,
    ) -> None:
        """One service call on the worker; the buttons of ``group`` wait for it."""
        self._running[group] += 1
        self._update_buttons()

        def finished(result: T) -> None:
            self._release(group)
            done(result)

        def failed(problem: StationError) -> None:
            self._release(group)
            (refused or self.complain)(problem)

        self.ops.run(call, finished, failed)

    def _release(self, group: str) -> None:
        self._running[group] = max(0, self._running[group] - 1)
        self._update_buttons()

    def _with_register(self, action: Callable[[], T]) -> Callable[[], tuple[T, Register | None]]:
        """``action`` and then the register that shows it, in one worker call. A register
        that cannot be read does not undo a done action: the next refresh shows it."""
        known = self._identity
        services = self.services

        def call() -> tuple[T, Register | None]:
            result = action()
            try:
                register = read_register(services, known)
            except Exception:
                log.warning("the register could not be read after an action", exc_info=True)
                register = None
            return result, register

        return call

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()

    def _show_waiting(self, waiting: bool) -> None:
        text = self.tr("Waiting for the database: another program is using it…")
        if waiting:
            self._notify("waiting", text)
        elif self.notice.text() == text:
            self._notify("ok", "")

    def _update_buttons(self) -> None:
        v = self.selected_visit()
        free = self.signed_in
        for button in self.category_buttons.values():
            button.setEnabled(free and not self._running["checkin"])
        self.scan_button.setEnabled(free and not self._running["scan"])
        register_free = free and not self._running["register"]
        self.check_out_button.setEnabled(register_free and v is not None and v.inside)
        self.undo_button.setEnabled(register_free and v is not None and not v.voided)
        self.slip_button.setEnabled(
            free and not self._running["print"] and v is not None and v.inside
        )
        for header_button in (self.print_button, self.visitor_button, self.sign_out_button):
            header_button.setEnabled(free)
        self.side_bar.setEnabled(free)

    # ----------------------------------------------------------------- the register

    def selected_services(self) -> list[int]:
        return [sid for sid, b in self.service_buttons.items() if b.isChecked()]

    def selected_visit(self) -> VisitInfo | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.model.visit_at(rows[0].row()) if rows else None

    def refresh(
        self,
        select_id: int | None = None,
        refused: Callable[[StationError], None] | None = None,
    ) -> None:
        """Reload today's register (also the way the window notices midnight, and a
        database put in place of this one). A failure says nothing unless ``refused``."""
        known = self._identity
        services = self.services
        self.ops.run(
            lambda: read_register(services, known),
            lambda register: self._show_register(register, select_id),
            refused or (lambda _problem: None),
        )

    def _show_register(self, register: Register | None, select_id: int | None = None) -> None:
        if register is None:
            self.refresh(select_id)
            return
        if register.basis == self._identity:
            if register.replaced:
                self._database_was_replaced()
            self._identity = register.identity
        # else: asked before the window took in a newer read; the next one judges.
        previous = self.selected_visit()
        self._visits = register.visits
        self.model.set_visits(register.visits)
        inside = sum(1 for v in register.visits if v.inside)
        counted = sum(1 for v in register.visits if not v.voided)
        self._counts = (inside, counted)
        self._show_counts()
        self.date_label.setText(register.day.isoformat())
        keep = select_id if select_id is not None else (previous.id if previous else None)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))
        self._update_buttons()
        self.register_shown.emit()

    def _show_counts(self) -> None:
        if self._counts is not None:
            inside, counted = self._counts
            self.inside_label.setText(fill(self.tr("Inside now: %1 · Today: %2"), inside, counted))

    def _database_was_replaced(self) -> None:
        """Another file is in place of the one shown (``restore`` from the command line):
        say so, then show what it holds: catalog, register, pages."""
        self._notify(
            "error",
            self.tr(
                "The database was replaced while this window was open (restored from a "
                "backup?). The window now shows what it holds: check today's register."
            ),
        )
        self.display.clear()
        self.ops.run(lambda: read_catalog(self.services), self._show_catalog, lambda _problem: None)
        self._reset_pages()
        page = self._pages.get(self.current_page)
        if page is not None:
            page.activated()
        self.database_replaced.emit()

    def _show_catalog(self, catalog: Catalog) -> None:
        self.station = catalog.station
        self.station_label.setText(catalog.station.name)
        self.setWindowTitle(catalog.station.name)
        if (catalog.categories, catalog.service_types) != (self.categories, self.service_types):
            self.categories = catalog.categories
            self.service_types = catalog.service_types
            self._fill_catalog()
            self.model = self._new_model()
            self._attach_model()
            self.model.set_visits(self._visits)
            self._update_buttons()

    # ----------------------------------------------------------------- telling

    def say(self, text: str) -> None:
        self._notify("ok", text)

    def complain(self, exc: StationError) -> None:
        self._notify("error", exc.message(self.lang))
        # Another kiosk may have changed what this one shows; when the database itself
        # is failing, the message just shown stays and the register keeps its last rows.
        self.refresh()

    def complain_once(self, exc: StationError) -> None:
        """For the timer's refresh: say it, without saying it again every minute."""
        text = exc.message(self.lang)
        if self.notice.text() != text:
            self._notify("error", text)

    def _notify(self, kind: str, text: str) -> None:
        self.notice.setProperty("kind", kind)  # the style sheet colours it
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.setText(text)

    def _time(self, v: VisitInfo) -> str:
        return self.services.ctx.local(v.checked_in_at).strftime("%H:%M")

    def _category(self, v: VisitInfo) -> str:
        return display_name(v.category, v.category_en, self.lang)

    def _untick_services(self) -> None:
        for button in self.service_buttons.values():
            button.setChecked(False)

    def _umbrella_ticked(self, ticked: list[int]) -> bool:
        umbrella = {
            st.id
            for st in self.service_types
            if st.name == UMBRELLA_SERVICE or "umbrella" in st.name_en.lower()
        }
        return bool(umbrella.intersection(ticked))

    # ----------------------------------------------------------------- check-in

    def check_in_category(self, category_id: int) -> None:
        """The big button: one visitor of this kind, with the toggled services."""
        self.scan_edit.setFocus()  # the next card scanned or typed goes to the card field
        if not self.signed_in:
            return
        actor = self.current_actor()
        ticked = self.selected_services()
        umbrella = self._umbrella_ticked(ticked)
        services = self.services
        self._run(
            "checkin",
            self._with_register(
                lambda: services.visits.check_in(actor, category_id, ticked, source="tap")
            ),
            lambda done: self._checked_in(done[0], done[1], umbrella),
        )

    def _checked_in(self, visit: VisitInfo, register: Register | None, umbrella: bool) -> None:
        self._after_check_in(visit, register)
        self._slip_at_check_in(visit)
        if umbrella:
            self.offer_loan(visit)

    def submit_scan(self) -> None:
        """The code typed into the field (or scanned with the scanner filter off): what
        a scan does, a member card checking in or out."""
        raw = self.scan_edit.text().strip()
        self.scan_edit.clear()
        if raw:
            self.handle_scan(raw)
        self.scan_edit.setFocus()

    # ----------------------------------------------------------------- scans

    def on_scanned(self, text: str) -> None:
        """The scanner filter heard a code: here, or on the visitors' screen. Never
        acted on behind an open dialog."""
        self.idle.touch()
        visitor = self.visitor if self.visitor is not None and self.visitor.active else None
        if QApplication.activeModalWidget() is not None:
            display = visitor.display if visitor is not None else self.display
            display.show_notice(
                self.tr("Close the open dialog first"),
                self.tr("The scan was not used. Close the dialog, then scan again."),
            )
            if visitor is None:
                self._notify("error", self.tr("Close the open dialog first"))
            return
        if visitor is not None:
            visitor.handle_scan(text)
            return
        page = self._pages.get(self.current_page)
        if page is not None and page.take_scan(text):
            return  # the page in front used it (a card into its own form)
        self.handle_scan(text)

    def handle_scan(self, text: str) -> None:
        """One scan, one transaction: check in, check out, or open a voucher. Scans that
        come while another call runs wait their turn, in order."""
        if not self.signed_in:
            self._notify("error", self.tr("Nobody is signed in: sign in first, then scan again."))
            return
        actor = self.current_actor()
        ticked = self.selected_services()
        umbrella = self._umbrella_ticked(ticked)
        services = self.services
        self._run(
            "scan",
            self._with_register(lambda: services.scans.scan(actor, text, ticked)),
            lambda done: self._scanned(done[0], done[1], umbrella),
            self.refuse_scan,
        )

    def _scanned(self, outcome: ScanOutcome, register: Register | None, umbrella: bool) -> None:
        self.display.show_outcome(outcome)
        voucher, visit = outcome.voucher, outcome.visit
        if outcome.action == OPEN_VOUCHER and voucher is not None:
            self.say(
                fill(
                    self.tr("Voucher No. %1 for %2: check the person and the package"),
                    voucher.id,
                    voucher.claimant,
                )
            )
            self.confirm_voucher(voucher)
        elif visit is not None and outcome.action == CHECK_OUT:
            self._untick_services()  # they were meant for someone coming in
            self._after_check_out(visit, register)
        elif visit is not None:
            self._after_check_in(visit, register)
            if umbrella:
                self.offer_loan(visit)

    def refuse_scan(self, exc: StationError) -> None:
        self.display.show_refusal(exc)
        self.complain(exc)

    def confirm_voucher(self, voucher: VoucherInfo) -> None:
        """The attendant checks the person and the package; "Hand out" redeems it."""
        dialog = VoucherDialog(voucher, self.lang, self)
        dialog.accepted.connect(lambda: self.redeem_voucher(voucher))
        self._when_closed(dialog)
        self.voucher_dialog = dialog
        dialog.open()

    def redeem_voucher(self, voucher: VoucherInfo) -> None:
        actor = self.current_actor()
        services = self.services
        self._run(
            "scan",
            lambda: services.vouchers.redeem(actor, voucher.id),
            lambda handout: self._redeemed(voucher, handout),
            self.refuse_scan,
        )

    def _redeemed(self, voucher: VoucherInfo, handout: HandoutInfo) -> None:
        self.display.show_handout(voucher, handout)
        self.say(
            fill(
                self.tr("Handed out: %1 to %2 (voucher No. %3)"),
                handout.campaign,
                voucher.claimant,
                voucher.id,
            )
        )
        self.handed_out.emit(handout.id)

    def _display_cleared(self) -> None:
        focus = QApplication.focusWidget()
        self.left_stack.setCurrentWidget(self.check_in_panel)
        if focus is None or self.display.isAncestorOf(focus):
            self.scan_edit.setFocus()

    # ----------------------------------------------------------------- lending

    def offer_loan(self, visit: VisitInfo) -> None:
        """借伞 was ticked: record who borrows the umbrella, so that it comes back."""
        dialog = LendDialog(self.lang, visit.member_nickname or "", visit.member_code or "", self)
        dialog.lend_requested.connect(
            lambda name, last4, code, hours: self._lend(dialog, name, last4, code, hours)
        )
        dialog.rejected.connect(
            lambda: self._notify(
                "error", self.tr("No umbrella loan was recorded for this visitor.")
            )
        )
        self._when_closed(dialog)
        self.lend_dialog = dialog
        dialog.open()

    def _lend(self, dialog: LendDialog, name: str, last4: str, code: str, hours: int) -> None:
        actor = self.current_actor()
        services = self.services
        self.ops.run(
            lambda: services.loans.lend(
                actor,
                UMBRELLA_ITEM,
                borrower=name,
                phone_last4=last4 or None,
                member_code=code or None,
                due_hours=hours,
            ),
            lambda loan: self._lent(dialog, loan),
            dialog.refused,
        )

    def _lent(self, dialog: LendDialog, loan: LoanInfo) -> None:
        dialog.accept()
        who = loan.borrower or loan.member_code or loan.phone_last4 or ""
        due = self.services.ctx.local(loan.due_at).strftime("%m-%d %H:%M") if loan.due_at else ""
        self.say(fill(self.tr("Umbrella lent to %1 (loan No. %2), back by %3"), who, loan.id, due))
        self.lent.emit(loan.id)

    # ----------------------------------------------------------------- printing

    def _paper(self, allowed: tuple[str, ...], fallback: str) -> str:
        paper = self.printing.settings.choice().paper
        return paper if paper in allowed else fallback

    def _print(self, make: Callable[[], Printout]) -> None:
        """Make the PDF on the worker, then hand it to the printer (its own thread)."""

        def hand_over(printout: Printout) -> None:
            self.printing.print_document(printout.pdf, printout.title)

        self._run("print", make, hand_over)

    def print_visit_slip(self, visit_id: int) -> None:
        paper = self._paper(("58mm", "80mm", "a6", "a4"), "58mm")
        slips = self.services.slips
        self._print(lambda: slips.visit_slip(visit_id, paper))

    def print_selected_slip(self) -> None:
        v = self.selected_visit()
        if v is not None and v.inside:
            self.print_visit_slip(v.id)

    def _slip_at_check_in(self, visit: VisitInfo) -> None:
        """The station's choice in Print settings: never, ask, or always."""
        policy = self.printing.settings.visit_slip()
        if policy == "always":
            self.print_visit_slip(visit.id)
        elif policy == "ask":
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Visit slip"),
                self.tr("Print a visit slip for this visitor?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.Yes)
            box.accepted.connect(lambda: self.print_visit_slip(visit.id))
            self._when_closed(box)
            self.slip_question = box
            box.open()

    def print_member_card(self) -> None:
        code, ok = QInputDialog.getText(
            self, self.tr("Member card"), self.tr("Card code or member number:")
        )
        if ok and code.strip():
            paper = self._paper(("58mm", "80mm", "card", "a6", "a4"), "58mm")
            slips = self.services.slips
            self._print(lambda: slips.member_card(code.strip(), paper))

    def issue_voucher(self) -> None:
        dialog = VoucherIssueDialog(
            self.services, self.current_actor(), self.lang, self, ops=self.ops
        )
        if dialog.exec() and dialog.voucher is not None:
            voucher = dialog.voucher
            self.say(fill(self.tr("Voucher No. %1 issued to %2"), voucher.id, voucher.claimant))
            paper = self._paper(("58mm", "80mm", "a6", "a4"), "58mm")
            slips = self.services.slips
            self._print(lambda: slips.voucher(voucher.id, paper))

    def preview_poster(self) -> None:
        paper = self._paper(("a6", "a4"), "a4")
        slips = self.services.slips
        self._run(
            "print",
            lambda: slips.poster(paper),
            lambda printout: self.printing.preview_document(printout.pdf, printout.title),
        )

    def choose_printer(self) -> None:
        if not self.current_actor().is_supervisor:
            self._notify("error", self.tr("Only a supervisor can change the print settings"))
            return
        if self.printing.choose(self):
            self.say(self.tr("Print settings saved"))

    # ----------------------------------------------------------------- visitor mode

    def open_visitor_mode(self) -> None:
        """Hand the kiosk to visitors: a supervisor, or with a supervisor's PIN."""
        if self.current_actor().is_supervisor:
            self.start_visitor_mode()
            return
        self._ask_supervisor(
            self.tr("A supervisor's name and PIN are needed to open visitor mode."),
            lambda _supervisor: self.start_visitor_mode(),
        )

    def start_visitor_mode(self) -> None:
        visitor = VisitorMode(self.services, self.actor, self.lang, ops=self.ops)
        visitor.left.connect(self._visitor_left)
        self.visitor = visitor
        self._state_before_visitor = self.windowState()
        visitor.showFullScreen()
        self.hide()

    def _visitor_left(self) -> None:
        visitor, self.visitor = self.visitor, None
        self.setWindowState(self._state_before_visitor)
        self.show()
        if visitor is not None:
            visitor.deleteLater()
        self.refresh(refused=self.complain)
        self.say(self.tr("Visitor mode ended"))
        self.scan_edit.setFocus()

    # ----------------------------------------------------------------- after an action

    def _after_check_in(self, visit: VisitInfo, register: Register | None) -> None:
        self._untick_services()
        who = visit.member_nickname or self._category(visit)
        self.say(
            fill(
                self.tr("Checked in: %1 at %2. Wrong button? Select it and tap Undo."),
                who,
                self._time(visit),
            )
        )
        self._show_register(register, select_id=visit.id)
        self.checked_in.emit(visit.id)

    def _after_check_out(self, visit: VisitInfo, register: Register | None) -> None:
        who = visit.member_nickname or self._category(visit)
        self.say(fill(self.tr("Checked out: %1 (%2 minutes)"), who, visit.duration_minutes or 0))
        self._show_register(register, select_id=visit.id)
        self.checked_out.emit(visit.id)

    def check_out_selected(self) -> None:
        v = self.selected_visit()
        if v is None or not self.signed_in:
            return
        actor = self.current_actor()
        services = self.services
        self._run(
            "register",
            self._with_register(lambda: services.visits.check_out(actor, v.id)),
            lambda done: self._after_check_out(done[0], done[1]),
        )

    def _on_double_click(self, index: QModelIndex) -> None:
        v = self.model.visit_at(index.row())
        if v is not None and v.inside and not self._running["register"]:
            self.check_out_selected()

    def ask_undo_reason(self, visit: VisitInfo) -> str | None:
        """Ask why the check-in is undone; None when the person cancels."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Undo check-in"),
            fill(
                self.tr("Undo the check-in of %1 at %2? Reason (optional):"),
                self._category(visit),
                self._time(visit),
            ),
        )
        return text if ok else None

    def undo_selected(self) -> None:
        v = self.selected_visit()
        if v is None or not self.signed_in:
            return
        reason = self.ask_undo_reason(v)
        if reason is None:
            return
        actor = self.current_actor()
        services = self.services
        self._run(
            "register",
            self._with_register(lambda: services.visits.undo_check_in(actor, v.id, reason)),
            lambda done: self._undone(done[0], done[1]),
        )

    def _undone(self, visit: VisitInfo, register: Register | None) -> None:
        self.say(
            fill(
                self.tr("Check-in undone: %1 at %2 (kept in the register, marked voided)"),
                self._category(visit),
                self._time(visit),
            )
        )
        self._show_register(register, select_id=visit.id)
