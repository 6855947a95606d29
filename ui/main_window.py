"""The kiosk's main window: one tap checks a visitor in, one tap checks them out.

Left: a big button per visitor category (tap = check in now, with the services
toggled below it), and a field a member card's code can be typed into. Right:
today's register with who is inside, check-out and undo. Every action is one
service call (one transaction); a refusal shows in the notice line and writes
nothing.

A QR scanner is heard wherever the focus is (:class:`ui.scanner.ScanFilter`, installed
for the window's lifetime): a member card checks in or out, a visit slip checks out,
a relief voucher opens its confirm dialog. The result shows large in place of the
left panel (:class:`ui.scan_display.ScanDisplay`) for a few seconds. Visitor mode
hands the scanner to a full-screen page for visitors (:mod:`ui.visitor_mode`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import StationError
from station_app.scans import CHECK_OUT, OPEN_VOUCHER
from station_app.services import Services
from station_app.slips import Printout
from station_app.stations import CategoryInfo, ServiceTypeInfo
from station_app.visits import VisitInfo
from station_app.vouchers import VoucherInfo
from ui.feedback import attempt, display_name, fill
from ui.printing import Printing, PrintSettings
from ui.scan_display import ScanDisplay, VoucherDialog
from ui.scanner import ScanFilter
from ui.visit_model import VisitTableModel
from ui.visitor_mode import SupervisorDialog, VisitorMode
from ui.voucher_issue_dialog import VoucherIssueDialog

CATEGORY_COLUMNS = 3
SERVICE_COLUMNS = 5
REFRESH_MS = 60_000


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    checked_in = Signal(int)
    checked_out = Signal(int)
    handed_out = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        lang: str,
        parent: QWidget | None = None,
        *,
        printing: Printing | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.lang = lang
        # Printouts go to this kiosk's printer, chosen once in Print settings; the
        # record a printout belongs to is saved before it is printed, whatever happens.
        self.printing = printing or Printing(
            PrintSettings(), lang, self, test_pdf=lambda: services.slips.poster("a6").pdf
        )
        self.printing.status_changed.connect(self.say)
        self.printing.failed.connect(lambda message: self._notify("error", message))
        self.station = services.stations.profile()
        self.setWindowTitle(self.station.name)  # Qt appends the application's display name
        # Maximised by the caller; without a window manager (a bare kiosk session) the size
        # asked for here is what shows, so it must fit a 1366×768 screen.
        room = self.screen().availableGeometry()
        self.resize(min(1280, room.width()), min(800, room.height()))

        categories = services.stations.categories()
        service_types = services.stations.service_types()
        self.model = VisitTableModel(
            services.ctx.local,
            lang,
            service_names={s.name: display_name(s.name, s.name_en, lang) for s in service_types},
            parent=self,
        )

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addLayout(self._header())
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setMinimumHeight(36)
        outer.addWidget(self.notice)

        # A scan's result shows large in place of the check-in panel, then goes.
        self.display = ScanDisplay(lang, services.ctx.local)
        self.left_stack = QStackedWidget()
        self.check_in_panel = self._check_in_panel(categories, service_types)
        self.left_stack.addWidget(self.check_in_panel)
        self.left_stack.addWidget(self.display)
        self.display.shown.connect(lambda: self.left_stack.setCurrentWidget(self.display))
        self.display.cleared.connect(self._display_cleared)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_stack)
        splitter.addWidget(self._register_panel())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([540, 700])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(lambda: attempt(self.refresh, self.complain_once))
        self._timer.start()

        self.voucher_dialog: VoucherDialog | None = None
        self.supervisor_dialog: SupervisorDialog | None = None
        self.visitor: VisitorMode | None = None
        self._state_before_visitor = self.windowState()
        self.scan_filter = ScanFilter(self)
        self.scan_filter.scanned.connect(self.on_scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scan_filter)

        self.refresh()
        self.scan_edit.setFocus()

    # ----------------------------------------------------------------- building

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        name = QLabel(self.station.name)
        name.setObjectName("stationName")
        row.addWidget(name)
        row.addStretch(1)
        self.date_label = QLabel()
        self.date_label.setObjectName("dateLabel")
        row.addWidget(self.date_label)
        self.shift_label = QLabel()
        self.shift_label.setObjectName("shiftLabel")
        row.addWidget(self.shift_label)
        self.print_button = QPushButton(self.tr("Print"))
        menu = QMenu(self.print_button)
        menu.addAction(self.tr("Member card…"), self.print_member_card)
        menu.addAction(self.tr("Relief voucher…"), self.issue_voucher)
        menu.addAction(self.tr("Station poster (preview)"), self.preview_poster)
        menu.addSeparator()
        menu.addAction(self.tr("Print settings… (supervisor)"), self.choose_printer)
        self.print_button.setMenu(menu)
        row.addWidget(self.print_button)
        self.visitor_button = QPushButton(self.tr("Visitor mode"))
        self.visitor_button.setToolTip(
            self.tr("A full screen for visitors to scan their card or slip (supervisor)")
        )
        self.visitor_button.clicked.connect(self.open_visitor_mode)
        row.addWidget(self.visitor_button)
        self.sign_out_button = QPushButton(self.tr("Change shift"))
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        row.addWidget(self.sign_out_button)
        self._show_actor()
        return row

    def _check_in_panel(
        self, categories: list[CategoryInfo], service_types: list[ServiceTypeInfo]
    ) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)

        title = QLabel(self.tr("Tap the visitor's kind to check in"))
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        grid = QGridLayout()
        self.category_buttons: dict[int, QPushButton] = {}
        for i, cat in enumerate(categories):
            button = QPushButton(display_name(cat.name, cat.name_en, self.lang))
            button.setProperty("role", "category")
            button.clicked.connect(lambda _=False, c=cat.id: self.check_in_category(c))
            grid.addWidget(button, i // CATEGORY_COLUMNS, i % CATEGORY_COLUMNS)
            self.category_buttons[cat.id] = button
        layout.addLayout(grid)

        services_title = QLabel(self.tr("Services used (optional, any number)"))
        services_title.setObjectName("sectionTitle")
        layout.addWidget(services_title)
        services_grid = QGridLayout()
        self.service_buttons: dict[int, QPushButton] = {}
        for i, st in enumerate(service_types):
            button = QPushButton(display_name(st.name, st.name_en, self.lang))
            button.setCheckable(True)
            button.setProperty("role", "service")
            services_grid.addWidget(button, i // SERVICE_COLUMNS, i % SERVICE_COLUMNS)
            self.service_buttons[st.id] = button
        layout.addLayout(services_grid)

        scan_title = QLabel(self.tr("Member card: scan it, or type the code and press Enter"))
        scan_title.setObjectName("sectionTitle")
        layout.addWidget(scan_title)
        scan_row = QHBoxLayout()
        self.scan_edit = QLineEdit()
        self.scan_edit.setPlaceholderText(self.tr("Card code"))
        self.scan_edit.returnPressed.connect(self.submit_scan)
        scan_row.addWidget(self.scan_edit, 1)
        scan_button = QPushButton(self.tr("Check in / out"))
        scan_button.clicked.connect(self.submit_scan)
        scan_row.addWidget(scan_button)
        layout.addLayout(scan_row)
        layout.addStretch(1)
        return panel

    def _register_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        top = QHBoxLayout()
        title = QLabel(self.tr("Today's visits"))
        title.setObjectName("sectionTitle")
        top.addWidget(title)
        top.addStretch(1)
        self.inside_label = QLabel()
        self.inside_label.setObjectName("insideCount")
        top.addWidget(self.inside_label)
        layout.addLayout(top)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.check_out_button = QPushButton(self.tr("Check out"))
        self.check_out_button.setProperty("role", "primary")
        self.check_out_button.clicked.connect(self.check_out_selected)
        buttons.addWidget(self.check_out_button)
        self.undo_button = QPushButton(self.tr("Undo check-in"))
        self.undo_button.clicked.connect(self.undo_selected)
        buttons.addWidget(self.undo_button)
        self.slip_button = QPushButton(self.tr("Print slip"))
        self.slip_button.setToolTip(self.tr("Print the selected visitor's slip (scan it to leave)"))
        self.slip_button.clicked.connect(self.print_selected_slip)
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return panel

    # ----------------------------------------------------------------- state

    def set_actor(self, actor: Actor) -> None:
        """A new shift: the next person signed in at this kiosk."""
        self.actor = actor
        self._show_actor()
        self.say(fill(self.tr("Shift started: %1"), actor.name))
        self.refresh()

    def _show_actor(self) -> None:
        role = self.tr("supervisor") if self.actor.is_supervisor else self.tr("attendant")
        self.shift_label.setText(fill(self.tr("On shift: %1 (%2)"), self.actor.name, role))

    def selected_services(self) -> list[int]:
        return [sid for sid, b in self.service_buttons.items() if b.isChecked()]

    def selected_visit(self) -> VisitInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.visit_at(rows[0].row()) if rows else None

    def refresh(self, select_id: int | None = None) -> None:
        """Reload today's register (also the way the window notices midnight)."""
        previous = self.selected_visit()
        today = self.services.ctx.today()
        visits = self.services.visits.visits_on(today)
        self.model.set_visits(visits)
        inside = sum(1 for v in visits if v.inside)
        counted = sum(1 for v in visits if not v.voided)
        self.inside_label.setText(fill(self.tr("Inside now: %1 · Today: %2"), inside, counted))
        self.date_label.setText(today.isoformat())
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

    def _update_buttons(self) -> None:
        v = self.selected_visit()
        self.check_out_button.setEnabled(v is not None and v.inside)
        self.undo_button.setEnabled(v is not None and not v.voided)
        self.slip_button.setEnabled(v is not None and v.inside)

    def say(self, text: str) -> None:
        self._notify("ok", text)

    def complain(self, exc: StationError) -> None:
        self._notify("error", exc.message(self.lang))
        # Another kiosk may have changed what this one shows; when the database itself
        # is failing, the message just shown stays and the register keeps its last rows.
        attempt(self.refresh, lambda _problem: None)

    def complain_once(self, exc: StationError) -> None:
        """For the timer's refresh: say it, without saying it again every minute."""
        text = exc.message(self.lang)
        if self.notice.text() != text:
            self._notify("error", text)

    def _notify(self, kind: str, text: str) -> None:
        self.notice.setProperty("kind", kind)  # kiosk.qss colours it
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.setText(text)

    def _time(self, v: VisitInfo) -> str:
        return self.services.ctx.local(v.checked_in_at).strftime("%H:%M")

    def _category(self, v: VisitInfo) -> str:
        return display_name(v.category, v.category_en, self.lang)

    # ----------------------------------------------------------------- actions

    def check_in_category(self, category_id: int) -> None:
        """The big button: one visitor of this kind, with the toggled services."""
        visit = attempt(
            lambda: self.services.visits.check_in(
                self.actor, category_id, self.selected_services(), source="tap"
            ),
            self.complain,
        )
        if visit is not None:
            self._after_check_in(visit)
            self._slip_at_check_in(visit)

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
        else:
            self.handle_scan(text)

    def handle_scan(self, text: str) -> None:
        """One scan, one transaction: check in, check out, or open a voucher."""
        ticked = self.selected_services()
        outcome = attempt(
            lambda: self.services.scans.scan(self.actor, text, ticked), self.refuse_scan
        )
        if outcome is None:
            return
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
            for button in self.service_buttons.values():
                button.setChecked(False)  # they were meant for someone coming in
            self._after_check_out(visit)
        elif visit is not None:
            self._after_check_in(visit)

    def refuse_scan(self, exc: StationError) -> None:
        self.display.show_refusal(exc)
        self.complain(exc)

    def confirm_voucher(self, voucher: VoucherInfo) -> None:
        """The attendant checks the person and the package; "Hand out" redeems it."""
        dialog = VoucherDialog(voucher, self.lang, self)
        dialog.accepted.connect(lambda: self.redeem_voucher(voucher))
        dialog.finished.connect(dialog.deleteLater)
        self.voucher_dialog = dialog
        dialog.open()

    def redeem_voucher(self, voucher: VoucherInfo) -> None:
        handout = attempt(
            lambda: self.services.vouchers.redeem(self.actor, voucher.id), self.refuse_scan
        )
        if handout is None:
            return
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

    # ----------------------------------------------------------------- printing

    def _paper(self, allowed: tuple[str, ...], fallback: str) -> str:
        paper = self.printing.settings.choice().paper
        return paper if paper in allowed else fallback

    def _print(self, make: Callable[[], Printout]) -> None:
        printout = attempt(make, self.complain)
        if printout is not None:
            self.printing.print_document(printout.pdf, printout.title)

    def print_visit_slip(self, visit_id: int) -> None:
        paper = self._paper(("58mm", "80mm", "a6", "a4"), "58mm")
        self._print(lambda: self.services.slips.visit_slip(visit_id, paper))

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
            answer = QMessageBox.question(
                self,
                self.tr("Visit slip"),
                self.tr("Print a visit slip for this visitor?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.print_visit_slip(visit.id)

    def print_member_card(self) -> None:
        code, ok = QInputDialog.getText(
            self, self.tr("Member card"), self.tr("Card code or member number:")
        )
        if ok and code.strip():
            paper = self._paper(("58mm", "80mm", "card", "a6", "a4"), "58mm")
            self._print(lambda: self.services.slips.member_card(code.strip(), paper))

    def issue_voucher(self) -> None:
        dialog = VoucherIssueDialog(self.services, self.actor, self.lang, self)
        if dialog.exec() and dialog.voucher is not None:
            voucher = dialog.voucher
            self.say(fill(self.tr("Voucher No. %1 issued to %2"), voucher.id, voucher.claimant))
            paper = self._paper(("58mm", "80mm", "a6", "a4"), "58mm")
            self._print(lambda: self.services.slips.voucher(voucher.id, paper))

    def preview_poster(self) -> None:
        paper = self._paper(("a6", "a4"), "a4")
        printout = attempt(lambda: self.services.slips.poster(paper), self.complain)
        if printout is not None:
            self.printing.preview_document(printout.pdf, printout.title)

    def choose_printer(self) -> None:
        if not self.actor.is_supervisor:
            self._notify("error", self.tr("Only a supervisor can change the print settings"))
            return
        if self.printing.choose(self):
            self.say(self.tr("Print settings saved"))

    # ----------------------------------------------------------------- visitor mode

    def open_visitor_mode(self) -> None:
        """Hand the kiosk to visitors: a supervisor, or with a supervisor's PIN."""
        if self.actor.is_supervisor:
            self.start_visitor_mode()
            return
        dialog = SupervisorDialog(
            self.services,
            self.lang,
            self.tr("A supervisor's name and PIN are needed to open visitor mode."),
            self,
        )
        dialog.accepted.connect(self.start_visitor_mode)
        dialog.finished.connect(dialog.deleteLater)
        self.supervisor_dialog = dialog
        dialog.open()

    def start_visitor_mode(self) -> None:
        visitor = VisitorMode(self.services, self.actor, self.lang)
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
        attempt(self.refresh, self.complain)
        self.say(self.tr("Visitor mode ended"))
        self.scan_edit.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scan_filter)
        super().closeEvent(event)

    # ----------------------------------------------------------------- after an action

    def _after_check_in(self, visit: VisitInfo, *, reset_services: bool = True) -> None:
        if reset_services:
            for button in self.service_buttons.values():
                button.setChecked(False)
        who = visit.member_nickname or self._category(visit)
        self.say(
            fill(
                self.tr("Checked in: %1 at %2. Wrong button? Select it and tap Undo."),
                who,
                self._time(visit),
            )
        )
        self.refresh(select_id=visit.id)
        self.checked_in.emit(visit.id)

    def _after_check_out(self, visit: VisitInfo) -> None:
        who = visit.member_nickname or self._category(visit)
        self.say(fill(self.tr("Checked out: %1 (%2 minutes)"), who, visit.duration_minutes or 0))
        self.refresh(select_id=visit.id)
        self.checked_out.emit(visit.id)

    def check_out_selected(self) -> None:
        v = self.selected_visit()
        if v is None:
            return
        visit = attempt(lambda: self.services.visits.check_out(self.actor, v.id), self.complain)
        if visit is not None:
            self._after_check_out(visit)

    def _on_double_click(self, index: QModelIndex) -> None:
        v = self.model.visit_at(index.row())
        if v is not None and v.inside:
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
        if v is None:
            return
        reason = self.ask_undo_reason(v)
        if reason is None:
            return
        visit = attempt(
            lambda: self.services.visits.undo_check_in(self.actor, v.id, reason), self.complain
        )
        if visit is None:
            return
        self.say(
            fill(
                self.tr("Check-in undone: %1 at %2 (kept in the register, marked voided)"),
                self._category(visit),
                self._time(visit),
            )
        )
        self.refresh(select_id=visit.id)
