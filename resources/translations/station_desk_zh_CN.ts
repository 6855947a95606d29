<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="30"/>
        <source>Station Desk: start of shift</source>
        <translation>驿站台账：当班登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="35"/>
        <source>Choose your name and type your PIN.</source>
        <translation>请选择您的名字并输入 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="38"/>
        <source>supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="38"/>
        <source>attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="49"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="50"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="55"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>Change shift</source>
        <translation>换班</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119"/>
        <source>Tap the visitor&apos;s kind to check in</source>
        <translation>点选访客类别即可签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Services used (optional, any number)</source>
        <translation>本次使用的服务（可不选，可多选）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145"/>
        <source>Member card: scan it, or type the code and press Enter</source>
        <translation>会员卡：扫码，或输入卡号后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>Card code</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>Check in / out</source>
        <translation>签到 / 签退</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Today&apos;s visits</source>
        <translation>今日来访登记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <location filename="../../ui/main_window.py" line="333"/>
        <source>Undo check-in</source>
        <translation>撤销签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>Shift started: %1</source>
        <translation>已换班，当班：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210"/>
        <source>On shift: %1 (%2)</source>
        <translation>当班：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227"/>
        <source>Inside now: %1 · Today: %2</source>
        <translation>在站 %1 人 · 今日 %2 人次</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>Checked in: %1 at %2. Wrong button? Select it and tap Undo.</source>
        <translation>已签到：%1，%2。点错了？选中该行后点“撤销签到”。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="309"/>
        <source>Checked out: %1 (%2 minutes)</source>
        <translation>已签退：%1（停留 %2 分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="335"/>
        <source>Undo the check-in of %1 at %2? Reason (optional):</source>
        <translation>撤销 %2 的“%1”签到？原因（可不填）：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="356"/>
        <source>Check-in undone: %1 at %2 (kept in the register, marked voided)</source>
        <translation>已撤销签到：%1，%2（登记表中保留，标为已撤销）</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/setup_dialog.py" line="32"/>
        <source>Station Desk: first start</source>
        <translation>驿站台账：首次设置</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="37"/>
        <source>Welcome. Set up this station once: its name and kind, and the supervisor who signs the monthly ledgers. Everything can be changed later.</source>
        <translation>欢迎使用。请先完成一次站点设置：站点名称和类型，以及负责签署月度台账的负责人。以后都可以修改。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="44"/>
        <source>e.g. Jiefang Road Care Station</source>
        <translation>例如：解放路爱心驿家</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="47"/>
        <source>Rest station and mommy room</source>
        <translation>爱心驿家 + 妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="48"/>
        <source>Outdoor workers&apos; rest station</source>
        <translation>户外劳动者服务站点（爱心驿家）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="49"/>
        <source>Mommy room (nursing room)</source>
        <translation>妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="62"/>
        <source>4 to 12 digits</source>
        <translation>4 到 12 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="67"/>
        <source>Station name</source>
        <translation>站点名称</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="68"/>
        <source>Kind</source>
        <translation>站点类型</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="69"/>
        <source>Address (optional)</source>
        <translation>地址（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="70"/>
        <source>Hotline (optional)</source>
        <translation>服务电话（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="71"/>
        <source>Opening hours (optional)</source>
        <translation>开放时间（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="72"/>
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="73"/>
        <source>Supervisor&apos;s name</source>
        <translation>负责人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="74"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>负责人 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="75"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="93"/>
        <source>Set up</source>
        <translation>完成设置</translation>
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
</TS>
