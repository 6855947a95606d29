<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="31"/>
        <source>Station Desk: start of shift</source>
        <translation>驿站台账：当班登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="36"/>
        <source>Choose your name and type your PIN.</source>
        <translation>请选择您的名字并输入 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="39"/>
        <source>supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="39"/>
        <source>attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="50"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="51"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="56"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>Member card…</source>
        <translation>会员卡…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>Relief voucher…</source>
        <translation>发放券…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>Station poster (preview)</source>
        <translation>驿站海报（预览）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Print settings… (supervisor)</source>
        <translation>打印设置…（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Visitor mode</source>
        <translation>访客自助模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>A full screen for visitors to scan their card or slip (supervisor)</source>
        <translation>访客自己扫会员卡或签到单的全屏页面（负责人开启）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183"/>
        <source>Change shift</source>
        <translation>换班</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>Tap the visitor&apos;s kind to check in</source>
        <translation>点选访客类别即可签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>Services used (optional, any number)</source>
        <translation>本次使用的服务（可不选，可多选）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221"/>
        <source>Member card: scan it, or type the code and press Enter</source>
        <translation>会员卡：扫码，或输入卡号后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="226"/>
        <source>Card code</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>Check in / out</source>
        <translation>签到 / 签退</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>Today&apos;s visits</source>
        <translation>今日来访登记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="268"/>
        <location filename="../../ui/main_window.py" line="604"/>
        <source>Undo check-in</source>
        <translation>撤销签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <source>Print slip</source>
        <translation>打印签到单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>Print the selected visitor&apos;s slip (scan it to leave)</source>
        <translation>为选中的访客打印签到单（离站时扫码签退）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="285"/>
        <source>Shift started: %1</source>
        <translation>已换班，当班：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="289"/>
        <source>supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="289"/>
        <source>attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="290"/>
        <source>On shift: %1 (%2)</source>
        <translation>当班：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>Inside now: %1 · Today: %2</source>
        <translation>在站 %1 人 · 今日 %2 人次</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="385"/>
        <location filename="../../ui/main_window.py" line="389"/>
        <source>Close the open dialog first</source>
        <translation>请先关闭对话框</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386"/>
        <source>The scan was not used. Close the dialog, then scan again.</source>
        <translation>这次扫码没有处理：请关闭对话框后再扫一次。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="409"/>
        <source>Voucher No. %1 for %2: check the person and the package</source>
        <translation>发放券 No. %1，领取人 %2：请核对本人和物品</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="443"/>
        <source>Handed out: %1 to %2 (voucher No. %3)</source>
        <translation>已发放：%1，领取人 %2（发放券 No. %3）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="485"/>
        <source>Visit slip</source>
        <translation>签到单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="486"/>
        <source>Print a visit slip for this visitor?</source>
        <translation>为这位访客打印签到单吗？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="495"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="495"/>
        <source>Card code or member number:</source>
        <translation>会员卡号或会员编号：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="505"/>
        <source>Voucher No. %1 issued to %2</source>
        <translation>已开出发放券 No. %1 给 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="517"/>
        <source>Only a supervisor can change the print settings</source>
        <translation>只有负责人可以修改打印设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="520"/>
        <source>Print settings saved</source>
        <translation>打印设置已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="532"/>
        <source>A supervisor&apos;s name and PIN are needed to open visitor mode.</source>
        <translation>开启访客自助模式需要负责人的姓名和 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="555"/>
        <source>Visitor mode ended</source>
        <translation>访客自助模式已结束</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>Checked in: %1 at %2. Wrong button? Select it and tap Undo.</source>
        <translation>已签到：%1，%2。点错了？选中该行后点“撤销签到”。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="583"/>
        <source>Checked out: %1 (%2 minutes)</source>
        <translation>已签退：%1（停留 %2 分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="606"/>
        <source>Undo the check-in of %1 at %2? Reason (optional):</source>
        <translation>撤销 %2 的“%1”签到？原因（可不填）：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="627"/>
        <source>Check-in undone: %1 at %2 (kept in the register, marked voided)</source>
        <translation>已撤销签到：%1，%2（登记表中保留，标为已撤销）</translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <location filename="../../ui/printer_dialog.py" line="65"/>
        <source>Print settings</source>
        <translation>打印设置</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="70"/>
        <source>System default</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="77"/>
        <source>%1 (not installed)</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="82"/>
        <source>58 mm roll</source>
        <translation>58 毫米热敏纸</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="83"/>
        <source>80 mm roll</source>
        <translation>80 毫米热敏纸</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="84"/>
        <source>CR80 card</source>
        <translation>CR80 卡片</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="85"/>
        <source>A6</source>
        <translation>A6</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="86"/>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="94"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="95"/>
        <source>Ask each time</source>
        <translation>每次询问</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="96"/>
        <source>Always</source>
        <translation>总是</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="103"/>
        <location filename="../../ui/printer_dialog.py" line="167"/>
        <source>Test print</source>
        <translation>测试打印</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="107"/>
        <source>No test page is available here.</source>
        <translation>这里没有测试页。</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="114"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="115"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="116"/>
        <source>Print a visit slip at check-in</source>
        <translation>签到时打印签到单</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="175"/>
        <source>Printing a test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="182"/>
        <source>Test page sent to the printer (%1 pages). Is it clear?</source>
        <translation>测试页已送到打印机（%1 页），打印清楚吗？</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../ui/printing.py" line="518"/>
        <source>Print preview: %1</source>
        <translation>打印预览：%1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="594"/>
        <source>Printing %1…</source>
        <translation>正在打印%1…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="627"/>
        <source>Printed %1 (%2 pages).</source>
        <translation>已打印%1（%2 页）。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="637"/>
        <source>The record is saved; only the printout failed.</source>
        <translation>记录已保存，只是没打印出来。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="639"/>
        <source>The printout failed.</source>
        <translation>打印失败。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="644"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>ScanDisplay</name>
    <message>
        <location filename="../../ui/scan_display.py" line="138"/>
        <source>Valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="150"/>
        <source>%1 · %2–%3 · stayed %4 min</source>
        <translation>%1 · %2–%3 · 停留 %4 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="157"/>
        <source>%1 · in at %2</source>
        <translation>%1 · 签到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="164"/>
        <source>Handed out: %1</source>
        <translation>已发放：%1</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="167"/>
        <source>Claim %1 · %2</source>
        <translation>第 %1 次领取 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="199"/>
        <source>Already used</source>
        <translation>已使用过</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="200"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="201"/>
        <source>No longer valid</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="202"/>
        <source>Card deactivated</source>
        <translation>会员卡已停用</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="203"/>
        <source>Another station&apos;s code</source>
        <translation>其他站点的码</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="206"/>
        <source>Not done</source>
        <translation>未能办理</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="207"/>
        <source>Code not accepted</source>
        <translation>无法使用此码</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/setup_dialog.py" line="33"/>
        <source>Station Desk: first start</source>
        <translation>驿站台账：首次设置</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="38"/>
        <source>Welcome. Set up this station once: its name and kind, and the supervisor who signs the monthly ledgers. Everything can be changed later.</source>
        <translation>欢迎使用。请先完成一次站点设置：站点名称和类型，以及负责签署月度台账的负责人。以后都可以修改。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="45"/>
        <source>e.g. Jiefang Road Care Station</source>
        <translation>例如：解放路爱心驿家</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="48"/>
        <source>Rest station and mommy room</source>
        <translation>爱心驿家 + 妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="49"/>
        <source>Outdoor workers&apos; rest station</source>
        <translation>户外劳动者服务站点（爱心驿家）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="50"/>
        <source>Mommy room (nursing room)</source>
        <translation>妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="63"/>
        <source>4 to 12 digits</source>
        <translation>4 到 12 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="68"/>
        <source>Station name</source>
        <translation>站点名称</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="69"/>
        <source>Kind</source>
        <translation>站点类型</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="70"/>
        <source>Address (optional)</source>
        <translation>地址（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="71"/>
        <source>Hotline (optional)</source>
        <translation>服务电话（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="72"/>
        <source>Opening hours (optional)</source>
        <translation>开放时间（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="73"/>
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="74"/>
        <source>Supervisor&apos;s name</source>
        <translation>负责人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="75"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>负责人 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="76"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="94"/>
        <source>Set up</source>
        <translation>完成设置</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../../ui/visitor_mode.py" line="58"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>负责人确认</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="72"/>
        <source>Supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="73"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="78"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="79"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="100"/>
        <source>%1 is not a supervisor: a supervisor&apos;s PIN is needed</source>
        <translation>%1 不是负责人：需要负责人的 PIN</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../ui/visit_model.py" line="43"/>
        <source>In</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="44"/>
        <source>Visitor</source>
        <translation>访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="45"/>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="46"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="47"/>
        <source>Out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="48"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="49"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="126"/>
        <source>Voided</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="128"/>
        <source>Inside</source>
        <translation>在站</translation>
    </message>
    <message>
        <location filename="../../ui/visit_model.py" line="130"/>
        <source>Left</source>
        <translation>已离开</translation>
    </message>
</context>
<context>
    <name>VisitorMode</name>
    <message>
        <location filename="../../ui/visitor_mode.py" line="139"/>
        <source>Visitor mode</source>
        <translation>访客自助模式</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="154"/>
        <source>Please scan</source>
        <translation>请扫码</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="163"/>
        <source>Hold your member card or visit slip under the scanner</source>
        <translation>请把会员卡或签到单对准扫码器</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="180"/>
        <source>Leave visitor mode</source>
        <translation>退出访客模式</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="204"/>
        <source>Please collect at the desk</source>
        <translation>请到服务台领取</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="205"/>
        <source>Vouchers are handed out by the attendant at the desk.</source>
        <translation>发放券由服务台值班员核对后发放。</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="224"/>
        <source>A supervisor&apos;s name and PIN are needed to leave visitor mode.</source>
        <translation>退出访客自助模式需要负责人的姓名和 PIN。</translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <location filename="../../ui/scan_display.py" line="247"/>
        <source>Relief voucher</source>
        <translation>发放券</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="255"/>
        <source>For</source>
        <translation>领取人</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="257"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="261"/>
        <source>Package</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="262"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="263"/>
        <source>Voucher</source>
        <translation>券号</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="264"/>
        <source>Check the person and the package, then hand it out.</source>
        <translation>请核对领取人和物品，然后发放。</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="269"/>
        <source>Hand out</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../ui/scan_display.py" line="273"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VoucherIssueDialog</name>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="35"/>
        <source>Relief voucher</source>
        <translation>发放券</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="42"/>
        <source>Scan or type the card code, or leave empty</source>
        <translation>扫描或输入会员卡号，没有卡可留空</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="49"/>
        <source>(the member&apos;s own / not given)</source>
        <translation>（会员按登记类别 / 不填）</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="54"/>
        <source>Campaign</source>
        <translation>发放活动</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="55"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="56"/>
        <source>Or a person without a card:</source>
        <translation>或没有会员卡的领取人：</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="57"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="58"/>
        <source>Phone last 4</source>
        <translation>手机尾号</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="59"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="60"/>
        <source>Category</source>
        <translation>访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="73"/>
        <source>Issue and print</source>
        <translation>开券并打印</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="75"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="82"/>
        <source>No relief campaign is running or coming up.</source>
        <translation>现在没有进行中或即将开始的发放活动。</translation>
    </message>
</context>
</TS>
