"""The kiosk's actions on the command line: ``checkin``, ``slip``, ``scan``, ``voucher``
and ``wifi``.

``slip`` writes a PDF (``--out``) or sends it to a printer (``--printer``, through
the printing function the composition root hands in: Qt's print system, which
``station_app`` never imports). ``scan`` does what the kiosk does with a scan.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from station_app.context import CLI_ACTOR
from station_app.errors import InvalidInput, NotFound
from station_app.paper import SIZES
from station_app.scans import CHECK_IN, OPEN_VOUCHER
from station_app.services import Services
from station_app.slips import Printout

# (pdf, printer name, paper size, title) -> pages printed; raises StationError.
PdfPrinter = Callable[[bytes, str, str, str], int]

COMMANDS = frozenset({"checkin", "slip", "scan", "voucher", "wifi"})
KIND_WORDS = {
    "visit": "访客签到单 visit slip",
    "member": "会员卡 member card",
    "voucher": "发放券 relief voucher",
    "poster": "驿站海报 station poster",
}


def _out(text: str) -> None:
    print(text, file=sys.stdout)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "checkin",
        help="登记一位来访者（像在服务台点一下） / check a visitor in (one tap at the kiosk)",
        description="按访客类别签到，可选用到的服务，并可同时打印签到单 / check a visitor in "
        "by category, with the services used, and optionally print the visit slip",
    )
    p.add_argument("category", help="访客类别，如 外卖骑手 / visitor category")
    p.add_argument(
        "--service", action="append", default=[], help="用到的服务，可多次 / service used"
    )
    p.add_argument("--size", choices=SIZES, default="58mm", help="签到单纸张 / slip paper")
    p.add_argument("--slip", type=Path, metavar="FILE.pdf", help="保存签到单 / save the slip")
    p.add_argument("--printer", metavar="NAME", help="打印签到单 / print the slip")

    p = sub.add_parser(
        "slip",
        help="打印或保存签到单、会员卡、发放券、海报（PDF） / print or save a slip, card, "
        "voucher or poster (PDF)",
        description="生成带二维码的 PDF：visit 签到单（来访编号）、"
        "member 会员卡（会员编号或卡号）、"
        "voucher 发放券（券号）、poster 驿站海报（不用编号） / make a PDF with its QR code: "
        "visit slip (visit number), member card (member number or card code), voucher "
        "(voucher number), poster (no number)",
    )
    p.add_argument("kind", choices=tuple(KIND_WORDS), help="visit / member / voucher / poster")
    p.add_argument("id", nargs="?", help="编号（海报不用） / number or card code (not for poster)")
    p.add_argument(
        "--size",
        choices=SIZES,
        help="纸张：58mm/80mm 热敏纸、card 卡片、a6、a4（默认：海报 a4，其余 58mm） / paper "
        "(default: a4 for the poster, 58mm otherwise)",
    )
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="保存为 PDF / save as PDF")
    p.add_argument(
        "--printer",
        metavar="NAME",
        help="送到这台打印机（系统里的打印机名称） / send to this printer (its system name)",
    )

    p = sub.add_parser(
        "scan",
        help="像在服务台扫码一样处理一个码 / do what the kiosk does with a scanned code",
        description="会员卡：签到或签退；签到单：签退；发放券：发放该券的物资 / member card: "
        "check in or out; visit slip: check out; voucher: hand out its package",
    )
    p.add_argument("text", help="扫到的文字 / the scanned text")

    p = sub.add_parser(
        "voucher",
        help="开出或作废发放券 / issue or revoke a relief voucher",
        description="为会员或指定的人开出某次发放活动的发放券，或作废一张 / issue a voucher "
        "for a member or a named person, or revoke one",
    )
    vsub = p.add_subparsers(dest="voucher_command", metavar="ACTION", required=True)
    q = vsub.add_parser("issue", help="开出发放券 / issue a voucher")
    q.add_argument("--campaign", required=True, help="活动编号或名称 / campaign number or name")
    who = q.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", metavar="CODE", help="会员卡号 / member card code")
    who.add_argument("--name", help="领取人姓名 / claimant's name")
    q.add_argument("--phone-last4", metavar="NNNN", help="手机尾号 / phone's last 4 digits")
    q.add_argument("--employer", help="工作单位 / employer")
    q.add_argument("--category", help="访客类别 / visitor category")
    q.add_argument("--size", choices=SIZES, default="58mm", help="纸张 / paper (58mm)")
    q.add_argument("--out", type=Path, metavar="FILE.pdf", help="同时保存 PDF / also save a PDF")
    q.add_argument("--printer", metavar="NAME", help="同时打印 / also print on this printer")
    q = vsub.add_parser("revoke", help="作废发放券（负责人） / revoke a voucher (supervisor)")
    q.add_argument("id", help="券号 / voucher number")

    p = sub.add_parser(
        "wifi",
        help="设置海报上的 Wi-Fi / set the Wi-Fi printed on the poster",
        description="海报上的二维码让手机一扫就连上站里的 Wi-Fi；名称留空则不印 / the poster's "
        "QR lets a phone join the station's Wi-Fi; an empty name prints none",
    )
    p.add_argument("--ssid", required=True, help="Wi-Fi 名称 / network name")
    p.add_argument("--password", default="", help="密码（开放网络留空） / password (empty: open)")


def dispatch(rt_services: Services, args: argparse.Namespace, printer: PdfPrinter | None) -> int:
    if args.command == "checkin":
        return _checkin(rt_services, args, printer)
    if args.command == "slip":
        return _slip(rt_services, args, printer)
    if args.command == "scan":
        return _scan(rt_services, args.text)
    if args.command == "voucher":
        return _voucher(rt_services, args, printer)
    return _wifi(rt_services, args)


def _number(text: str | None, zh: str, en: str) -> int:
    if text is None or not text.strip().isdigit():
        raise InvalidInput(f"请给出{zh}（数字）", f"Give the {en} (a number)", field=en)
    return int(text.strip())


def _deliver(
    printout: Printout,
    size: str,
    out: Path | None,
    printer_name: str | None,
    printer: PdfPrinter | None,
) -> None:
    if out is not None:
        try:
            out.write_bytes(printout.pdf)
        except OSError as exc:
            raise InvalidInput(
                f"无法写入 {out}：{exc.strerror or exc}",
                f"Cannot write {out}: {exc.strerror or exc}",
                field="--out",
            ) from None
        _out(f"已保存 / saved: {out} ({len(printout.pdf):,} bytes)")
    if printer_name is not None:
        if printer is None:
            raise InvalidInput(
                "这台电脑上不能直接打印（缺少 Qt 打印组件），请用 --out 保存后再打印",
                "Printing is not available here (Qt's print support is missing): save with "
                "--out and print the file",
                field="--printer",
            )
        pages = printer(printout.pdf, printer_name, size, printout.title)
        _out(f"已送到打印机 / sent to printer {printer_name!r}: {pages} 页 page(s)")
    if printout.code is not None:
        _out(f"二维码内容 / QR text: {printout.code}")


def _slip(services: Services, args: argparse.Namespace, printer: PdfPrinter | None) -> int:
    if args.out is None and args.printer is None:
        raise InvalidInput(
            "请用 --out 文件名 保存，或用 --printer 打印机名 打印",
            "Give --out FILE.pdf to save it, or --printer NAME to print it",
            field="--out",
        )
    size = args.size or ("a4" if args.kind == "poster" else "58mm")
    slips = services.slips
    if args.kind == "poster":
        printout = slips.poster(size)
    elif args.kind == "visit":
        printout = slips.visit_slip(_number(args.id, "来访编号", "visit number"), size)
    elif args.kind == "voucher":
        printout = slips.voucher(_number(args.id, "券号", "voucher number"), size)
    else:
        if not args.id:
            raise InvalidInput(
                "请给出会员编号或卡号", "Give the member number or card code", field="Member"
            )
        printout = slips.member_card(args.id, size)
    _out(f"{printout.title}（{KIND_WORDS[args.kind]}, {size}）")
    _deliver(printout, size, args.out, args.printer, printer)
    return 0


def _scan(services: Services, text: str) -> int:
    outcome = services.scans.scan(CLI_ACTOR, text)
    if outcome.action == OPEN_VOUCHER:
        assert outcome.voucher is not None
        handout = services.vouchers.redeem(CLI_ACTOR, outcome.voucher.id)
        _out(f"已发放 / handed out: {handout.campaign} → {outcome.who}")
        for line in outcome.voucher.package:
            _out(f"  {line.item} × {line.qty}{line.unit}")
        _out(f"发放记录 / handout No. {handout.id}, 第 {handout.claim_no} 次领取 / claim")
        return 0
    zh, en = outcome.headline()
    _out(f"{zh} / {en}")
    _out(f"  {outcome.who} · {outcome.category}")
    visit = outcome.visit
    assert visit is not None
    when = services.ctx.local(visit.checked_in_at).strftime("%H:%M")
    if outcome.action == CHECK_IN:
        _out(f"  来访编号 / visit No. {visit.id}, 签到 / in {when}")
    else:
        assert visit.checked_out_at is not None
        left = services.ctx.local(visit.checked_out_at).strftime("%H:%M")
        _out(f"  来访编号 / visit No. {visit.id}: {when} → {left}, {outcome.stay_minutes} 分钟 min")
    return 0


def _checkin(services: Services, args: argparse.Namespace, printer: PdfPrinter | None) -> int:
    visit = services.visits.check_in(CLI_ACTOR, args.category, services=args.service)
    when = services.ctx.local(visit.checked_in_at).strftime("%H:%M")
    used = "、".join(visit.services) or "-"
    _out(f"已签到 / checked in: 来访编号 / visit No. {visit.id}, {visit.category}, {when}")
    _out(f"  服务 / services: {used}")
    if args.slip is not None or args.printer is not None:
        printout = services.slips.visit_slip(visit.id, args.size)
        _deliver(printout, args.size, args.slip, args.printer, printer)
    return 0


def _campaign_id(services: Services, key: str) -> int:
    if key.strip().isdigit():
        return int(key.strip())
    for c in services.relief.campaigns(include_inactive=True):
        if c.name == key.strip():
            return c.id
    raise NotFound(
        f"没有叫“{key}”的发放活动", f"No relief campaign named {key!r}", field="Campaign"
    )


def _voucher(services: Services, args: argparse.Namespace, printer: PdfPrinter | None) -> int:
    if args.voucher_command == "revoke":
        info = services.vouchers.revoke(CLI_ACTOR, _number(args.id, "券号", "voucher number"))
        _out(f"已作废 / revoked: 发放券 No. {info.id} ({info.campaign}, {info.claimant})")
        return 0
    info = services.vouchers.issue(
        CLI_ACTOR,
        _campaign_id(services, args.campaign),
        member_code=args.member,
        name=args.name,
        phone_last4=args.phone_last4,
        employer=args.employer,
        category=args.category,
    )
    _out(f"已开出 / issued: 发放券 No. {info.id} — {info.campaign} → {info.claimant}")
    _out(f"  有效期至 / valid until {info.valid_until.isoformat()}")
    if args.out is not None or args.printer is not None:
        _deliver(
            services.slips.voucher(info.id, args.size), args.size, args.out, args.printer, printer
        )
    else:
        _out(f"二维码内容 / QR text: {info.code}")
    return 0


def _wifi(services: Services, args: argparse.Namespace) -> int:
    info = services.stations.set_wifi(CLI_ACTOR, args.ssid, args.password)
    if info.wifi_ssid:
        _out(f"海报将印上 Wi-Fi / the poster will show the Wi-Fi: {info.wifi_ssid}")
    else:
        _out("海报上不印 Wi-Fi / no Wi-Fi on the poster")
    return 0
