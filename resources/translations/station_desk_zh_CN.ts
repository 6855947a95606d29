<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="514"/>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="515"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="516"/>
        <source>Attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="517"/>
        <source>Supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="518"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="519"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="520"/>
        <source>PIN (4 to 12 digits)</source>
        <translation>PIN（4 到 12 位数字）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="521"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
</context>
<context>
    <name>BackupNotice</name>
    <message>
        <location filename="../../ui/backup_panel.py" line="710"/>
        <source>There is no good backup yet.</source>
        <translation>还没有完好的备份。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="713"/>
        <source>The newest good backup is from %1.</source>
        <translation>最新的完好备份是 %1 的。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="716"/>
        <source>The last backup failed: %1 %2</source>
        <translation>上次备份没有成功：%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="722"/>
        <source>%1 Back up now in Settings › Backups, or ask the supervisor.</source>
        <translation>%1请在“设置 › 备份”中立即备份，或告诉负责人。</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <location filename="../../ui/backup_panel.py" line="352"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="355"/>
        <source>Backups folder: %1. A backup is made at start and every %2 hours.</source>
        <translation>备份文件夹：%1。程序启动时和之后每 %2 小时自动备份一次。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="360"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="361"/>
        <location filename="../../ui/backup_panel.py" line="370"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="362"/>
        <source>Second folder (a USB stick), optional:</source>
        <translation>第二个备份位置（U 盘，可不填）：</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="363"/>
        <source>No second folder</source>
        <translation>没有第二个备份位置</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="364"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="365"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="366"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="367"/>
        <source>Restore the chosen backup…</source>
        <translation>恢复选中的备份…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="368"/>
        <source>Restore from another file…</source>
        <translation>从其他文件恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="369"/>
        <source>Yes, restore</source>
        <translation>确定恢复</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="444"/>
        <source>A backup is being made already.</source>
        <translation>正在备份，请稍候。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="451"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="462"/>
        <source>Backed up and checked at %1: %2</source>
        <translation>%1 已备份并校验：%2</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="489"/>
        <source>Second backup folder</source>
        <translation>第二个备份位置</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="512"/>
        <source>Each backup is also written to %1.</source>
        <translation>每次备份也会写一份到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="521"/>
        <source>Backups are written to the backups folder only.</source>
        <translation>备份只写入备份文件夹。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="529"/>
        <source>Choose a backup in the list first.</source>
        <translation>请先在列表中选一个备份。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="537"/>
        <source>Backup to restore</source>
        <translation>选择要恢复的备份</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="539"/>
        <source>Station Desk backups (*.db)</source>
        <translation>驿站台账备份 (*.db)</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="556"/>
        <source>Replace the station&apos;s data with the backup of %1? Everything recorded after it is lost. A copy of the database as it is now is kept first.</source>
        <translation>用 %1 的备份替换本站的数据吗？在它之后记录的内容都会丢失。恢复前会先保存一份当前数据库的副本。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="578"/>
        <source>Restoring… keep the kiosk on.</source>
        <translation>正在恢复…请不要关机。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="604"/>
        <source>The backup %1 was restored. The database as it was before is kept at %2. Station Desk must now be started again: close it and open it again.</source>
        <translation>已恢复备份 %1。恢复前的数据库保存在 %2。现在必须重新启动驿站台账：请关闭程序后再打开。</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../ui/backup_scheduler.py" line="184"/>
        <source>Backed up and checked at %1: %2</source>
        <translation>%1 已备份并校验：%2</translation>
    </message>
    <message>
        <location filename="../../ui/backup_scheduler.py" line="190"/>
        <source>The backup failed: %1</source>
        <translation>备份没有成功：%1</translation>
    </message>
</context>
<context>
    <name>BackupTableModel</name>
    <message>
        <location filename="../../ui/backup_panel.py" line="96"/>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="97"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="98"/>
        <source>Verified</source>
        <translation>已校验</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="99"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="100"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="101"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="105"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="106"/>
        <source>Before a restore</source>
        <translation>恢复前的副本</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="107"/>
        <source>Before an upgrade</source>
        <translation>升级前的副本</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="108"/>
        <source>Damaged database kept</source>
        <translation>保留的损坏数据库</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="110"/>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="190"/>
        <source>Damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="192"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="194"/>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="200"/>
        <source>Second folder</source>
        <translation>第二个位置</translation>
    </message>
    <message>
        <location filename="../../ui/backup_panel.py" line="202"/>
        <source>Backups folder</source>
        <translation>备份文件夹</translation>
    </message>
</context>
<context>
    <name>CampaignsSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1028"/>
        <source>New campaign…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1029"/>
        <location filename="../../ui/pages/settings_page.py" line="1093"/>
        <source>Close the campaign</source>
        <translation>结束活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1063"/>
        <source>Relief campaign created: %1</source>
        <translation>已创建发放活动：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1081"/>
        <source>Campaign closed: %1</source>
        <translation>活动已结束：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1088"/>
        <source>Close the campaign %1? Nothing more can be handed out for it; its roster and stock records stay.</source>
        <translation>结束活动“%1”？结束后不能再为它发放；签收表和出入库记录都会保留。</translation>
    </message>
</context>
<context>
    <name>CatalogList</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="682"/>
        <source>Visitor categories</source>
        <translation>访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="682"/>
        <source>Services</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="683"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="684"/>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="685"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="686"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="720"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="720"/>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="748"/>
        <source>Added: %1</source>
        <translation>已添加：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="768"/>
        <source>Renamed: %1</source>
        <translation>已改名：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="795"/>
        <source>Retired: %1 (no longer offered at check-in)</source>
        <translation>已停用：%1（签到时不再显示）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="799"/>
        <source>Restored: %1</source>
        <translation>已恢复：%1</translation>
    </message>
</context>
<context>
    <name>CatalogNameDialog</name>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="446"/>
        <source>Rename visitor category</source>
        <translation>访客类别改名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="446"/>
        <source>Rename service</source>
        <translation>服务项目改名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="448"/>
        <source>Rename</source>
        <translation>改名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="451"/>
        <source>Add a visitor category</source>
        <translation>添加访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="451"/>
        <source>Add a service</source>
        <translation>添加服务项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="453"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="454"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="455"/>
        <source>English name (optional)</source>
        <translation>英文名称（可不填）</translation>
    </message>
</context>
<context>
    <name>CatalogSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="820"/>
        <source>The order here is the order of the buttons at check-in. Nothing is ever deleted: a retired one stays in past visits and can be restored.</source>
        <translation>这里的顺序就是签到按钮的顺序。任何一项都不会被删除：停用的项目仍保留在以往的来访记录里，随时可以恢复。</translation>
    </message>
</context>
<context>
    <name>CleaningReminder</name>
    <message>
        <location filename="../../ui/pages/records_page.py" line="535"/>
        <source>Cleaning reminder: the setting is wrong (%1)</source>
        <translation>清洁提醒：设置有误（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="548"/>
        <source>Open for more than %1 hours and no cleaning recorded today</source>
        <translation>今天开门已超过 %1 小时，还没有清洁消毒记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="551"/>
        <source>More than %1 hours since the last cleaning</source>
        <translation>距上次消毒已超过 %1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="553"/>
        <source>Tap to add a cleaning or disinfection record</source>
        <translation>点此添加清洁消毒记录</translation>
    </message>
</context>
<context>
    <name>CleaningTableModel</name>
    <message>
        <location filename="../../ui/pages/records_page.py" line="90"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="91"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="92"/>
        <source>What was done</source>
        <translation>所做工作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="93"/>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="94"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CountSheetModel</name>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="369"/>
        <source>(none in stock)</source>
        <translation>（无库存）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="405"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="406"/>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="408"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="412"/>
        <source>Expected</source>
        <translation>账面数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="417"/>
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="423"/>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
</context>
<context>
    <name>DifferenceModel</name>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="562"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="563"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="564"/>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="566"/>
        <source>Counted / expected</source>
        <translation>实盘 / 账面</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="571"/>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="576"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="321"/>
        <source>Issue to a visitor</source>
        <translation>发放给来访者</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="326"/>
        <source>%1 — %2 in stock</source>
        <translation>%1 — 库存 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="336"/>
        <source>A whole number, e.g. 1</source>
        <translation>整数，例如 1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="338"/>
        <source>(no visit)</source>
        <translation>（不关联来访）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="344"/>
        <source>%1 %2, visit No. %3</source>
        <translation>%1 %2，来访编号 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="353"/>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="354"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="355"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="356"/>
        <source>Visitor inside now</source>
        <translation>在站来访者</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="357"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="365"/>
        <source>Issue</source>
        <translation>发放</translation>
    </message>
</context>
<context>
    <name>ItemsSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="896"/>
        <source>Stock is received, issued and counted on the Stock page; here is how each item is kept. Double-click an item to change it.</source>
        <translation>入库、发放和盘点在“库存”页面进行；这里设置每种物品怎么管理。双击某一行即可修改。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="900"/>
        <source>Add an item…</source>
        <translation>添加物品…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="901"/>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="933"/>
        <source>Stock item added: %1</source>
        <translation>已添加物品：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="944"/>
        <source>Stock item saved: %1</source>
        <translation>已保存物品设置：%1</translation>
    </message>
</context>
<context>
    <name>KioskSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1335"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1337"/>
        <source>Every page switches at once; nothing typed so far is lost.</source>
        <translation>所有页面立即切换，已经输入的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1339"/>
        <source>Kiosk</source>
        <translation>自助终端</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1340"/>
        <source>Back to the home page after (minutes idle)</source>
        <translation>无人操作多少分钟后回到首页</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1342"/>
        <source>Full screen without window borders (leaving it needs a supervisor&apos;s PIN)</source>
        <translation>全屏显示、不显示窗口边框（退出全屏需要负责人 PIN）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1344"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1345"/>
        <source>Look</source>
        <translation>显示风格</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1346"/>
        <source>Normal</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1347"/>
        <source>Large type, high contrast</source>
        <translation>大字体、高对比度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1348"/>
        <source>Cleaning reminder</source>
        <translation>清洁消毒提醒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1349"/>
        <source>Clean and disinfect every (hours)</source>
        <translation>每隔几小时清洁消毒一次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1350"/>
        <source>Station opens at</source>
        <translation>每天开门时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1351"/>
        <source>Station closes at</source>
        <translation>每天关门时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1352"/>
        <source>Save the kiosk settings</source>
        <translation>保存本机设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1422"/>
        <source>Kiosk settings saved</source>
        <translation>本机设置已保存</translation>
    </message>
</context>
<context>
    <name>LendDialog</name>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>Lend an umbrella</source>
        <translation>借出雨伞</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253"/>
        <source>The visitor borrows an umbrella: record the loan so that it comes back.</source>
        <translation>访客要借伞：请登记借用，以便收回。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257"/>
        <source>Name or nickname</source>
        <translation>姓名或昵称</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260"/>
        <source>4 digits (optional)</source>
        <translation>4 位数字（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="268"/>
        <location filename="../../ui/pages/stock_dialogs.py" line="482"/>
        <source>Borrower</source>
        <translation>借用人</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <location filename="../../ui/pages/stock_dialogs.py" line="483"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <location filename="../../ui/pages/stock_dialogs.py" line="484"/>
        <source>Phone last 4</source>
        <translation>手机尾号</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>Bring back within</source>
        <translation>归还时限</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="282"/>
        <location filename="../../ui/pages/stock_dialogs.py" line="461"/>
        <location filename="../../ui/pages/stock_dialogs.py" line="494"/>
        <source>Lend</source>
        <translation>借出</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="286"/>
        <source>Not lent</source>
        <translation>不借</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="464"/>
        <source>%1 — %2 free</source>
        <translation>%1 — 可借 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="469"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="470"/>
        <source>Scan or type the card code</source>
        <translation>扫码或输入卡号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="471"/>
        <source>4 digits</source>
        <translation>4 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="475"/>
        <source>4 hours</source>
        <translation>4 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="475"/>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="475"/>
        <source>3 days</source>
        <translation>3 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="475"/>
        <source>1 week</source>
        <translation>1 周</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="481"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="485"/>
        <source>Due back</source>
        <translation>归还期限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="496"/>
        <source>Write down who has it: a name, a member card or the phone&apos;s last 4 digits.</source>
        <translation>记下借用人：姓名、会员卡或手机尾号 4 位，至少填一项。</translation>
    </message>
</context>
<context>
    <name>LoanModel</name>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="330"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="331"/>
        <source>On loan</source>
        <translation>借用中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="334"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="335"/>
        <source>Borrower</source>
        <translation>借用人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="336"/>
        <source>Since</source>
        <translation>借出时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="337"/>
        <source>Due back</source>
        <translation>应还时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="338"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>LoanWriteOffDialog</name>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="527"/>
        <source>Write off a loan</source>
        <translation>借用报损</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="528"/>
        <source>e.g. borrower cannot be reached</source>
        <translation>例如：联系不上借用人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="529"/>
        <source>What happened</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="531"/>
        <source>Write off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="535"/>
        <source>%1 lent to %2 on %3 will not come back: it is written off as lost.</source>
        <translation>%3 借给 %2 的%1不会归还了：按丢失报损。</translation>
    </message>
</context>
<context>
    <name>LockedPage</name>
    <message>
        <location filename="../../ui/shell.py" line="565"/>
        <source>Nobody is signed in</source>
        <translation>当前无人当班</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="566"/>
        <source>The next person on shift signs in with their name and PIN.</source>
        <translation>下一位当班人员请选择姓名并输入 PIN 登录。</translation>
    </message>
    <message>
        <location filename="../../ui/shell.py" line="567"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="44"/>
        <source>Station Desk: start of shift</source>
        <translation>驿站台账：当班登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="49"/>
        <source>Choose your name and type your PIN.</source>
        <translation>请选择您的名字并输入 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="52"/>
        <source>supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="52"/>
        <source>attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="56"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="68"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="73"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="414"/>
        <location filename="../../ui/main_window.py" line="800"/>
        <location filename="../../ui/main_window.py" line="1007"/>
        <source>Check-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="777"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="778"/>
        <source>Member card…</source>
        <translation>会员卡…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="779"/>
        <source>Relief voucher…</source>
        <translation>发放券…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="780"/>
        <source>Station poster (preview)</source>
        <translation>驿站海报（预览）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="781"/>
        <source>Print settings… (supervisor)</source>
        <translation>打印设置…（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="782"/>
        <source>Visitor mode</source>
        <translation>访客自助模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="784"/>
        <source>A full screen for visitors to scan their card or slip (supervisor)</source>
        <translation>访客自己扫会员卡或签到单的全屏页面（负责人开启）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="786"/>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="787"/>
        <source>Change shift</source>
        <translation>换班</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="788"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="789"/>
        <source>Tap the visitor&apos;s kind to check in</source>
        <translation>点选访客类别即可签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="790"/>
        <source>Services used (optional, any number)</source>
        <translation>本次使用的服务（可不选，可多选）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="791"/>
        <source>Member card: scan it, or type the code and press Enter</source>
        <translation>会员卡：扫码，或输入卡号后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="792"/>
        <source>Card code</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="793"/>
        <source>Check in / out</source>
        <translation>签到 / 签退</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="794"/>
        <source>Today&apos;s visits</source>
        <translation>今日来访登记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="795"/>
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="796"/>
        <location filename="../../ui/main_window.py" line="1786"/>
        <source>Undo check-in</source>
        <translation>撤销签到</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="797"/>
        <source>Print slip</source>
        <translation>打印签到单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="798"/>
        <source>Print the selected visitor&apos;s slip (scan it to leave)</source>
        <translation>为选中的访客打印签到单（离站时扫码签退）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="849"/>
        <source>Shift started: %1</source>
        <translation>已换班，当班：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="855"/>
        <source>Signed out</source>
        <translation>无人当班</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="857"/>
        <source>supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="857"/>
        <source>attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="858"/>
        <source>On shift: %1 (%2)</source>
        <translation>当班：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="860"/>
        <source>Supervisor: %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1014"/>
        <source>%1 (a supervisor&apos;s PIN is needed)</source>
        <translation>%1（需要负责人 PIN）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1022"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1035"/>
        <source>A supervisor&apos;s name and PIN are needed to open %1.</source>
        <translation>打开“%1”需要负责人的姓名和 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1106"/>
        <source>Back to the start: the supervisor&apos;s rights have ended.</source>
        <translation>已回到首页：负责人权限已结束。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1221"/>
        <source>A supervisor&apos;s name and PIN are needed to leave full screen.</source>
        <translation>退出全屏需要负责人的姓名和 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1230"/>
        <source>Full screen left: the window can be closed now.</source>
        <translation>已退出全屏：现在可以关闭窗口。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1240"/>
        <source>A supervisor&apos;s name and PIN are needed to close Station Desk.</source>
        <translation>关闭驿站台账需要负责人的姓名和 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1307"/>
        <source>Waiting for the database: another program is using it…</source>
        <translation>正在等待数据库：另一个程序正在使用它……</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1386"/>
        <source>Inside now: %1 · Today: %2</source>
        <translation>在站 %1 人 · 今日 %2 人次</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1394"/>
        <source>The database was replaced while this window was open (restored from a backup?). The window now shows what it holds: check today&apos;s register.</source>
        <translation>窗口打开期间数据库被替换了（是否从备份恢复过？）。窗口已改为显示其中的内容：请核对今天的登记。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1504"/>
        <location filename="../../ui/main_window.py" line="1508"/>
        <source>Close the open dialog first</source>
        <translation>请先关闭对话框</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1505"/>
        <source>The scan was not used. Close the dialog, then scan again.</source>
        <translation>这次扫码没有处理：请关闭对话框后再扫一次。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1522"/>
        <source>Nobody is signed in: sign in first, then scan again.</source>
        <translation>当前无人当班：请先登录，再扫码。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1541"/>
        <source>Voucher No. %1 for %2: check the person and the package</source>
        <translation>发放券 No. %1，领取人 %2：请核对本人和物品</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1581"/>
        <source>Handed out: %1 to %2 (voucher No. %3)</source>
        <translation>已发放：%1，领取人 %2（发放券 No. %3）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1605"/>
        <source>No umbrella loan was recorded for this visitor.</source>
        <translation>这位访客借伞没有登记。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1632"/>
        <source>Umbrella lent to %1 (loan No. %2), back by %3</source>
        <translation>雨伞已借给 %1（借用记录 No. %2），请于 %3 前归还</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1667"/>
        <source>Visit slip</source>
        <translation>签到单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1668"/>
        <source>Print a visit slip for this visitor?</source>
        <translation>为这位访客打印签到单吗？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1680"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1680"/>
        <source>Card code or member number:</source>
        <translation>会员卡号或会员编号：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1693"/>
        <source>Voucher No. %1 issued to %2</source>
        <translation>已开出发放券 No. %1 给 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1709"/>
        <source>Only a supervisor can change the print settings</source>
        <translation>只有负责人可以修改打印设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1712"/>
        <source>Print settings saved</source>
        <translation>打印设置已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1722"/>
        <source>A supervisor&apos;s name and PIN are needed to open visitor mode.</source>
        <translation>开启访客自助模式需要负责人的姓名和 PIN。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1741"/>
        <source>Visitor mode ended</source>
        <translation>访客自助模式已结束</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1751"/>
        <source>Checked in: %1 at %2. Wrong button? Select it and tap Undo.</source>
        <translation>已签到：%1，%2。点错了？选中该行后点“撤销签到”。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1761"/>
        <source>Checked out: %1 (%2 minutes)</source>
        <translation>已签退：%1（停留 %2 分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1788"/>
        <source>Undo the check-in of %1 at %2? Reason (optional):</source>
        <translation>撤销 %2 的“%1”签到？原因（可不填）：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1813"/>
        <source>Check-in undone: %1 at %2 (kept in the register, marked voided)</source>
        <translation>已撤销签到：%1，%2（登记表中保留，标为已撤销）</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../ui/pages/members_page.py" line="75"/>
        <source>Card code</source>
        <translation>会员卡号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="76"/>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="77"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="78"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="79"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="80"/>
        <source>Registered</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="81"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="177"/>
        <source>Data erased</source>
        <translation>信息已清除</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="179"/>
        <source>Card stopped</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="180"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <location filename="../../ui/pages/members_page.py" line="357"/>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="368"/>
        <source>Register a member</source>
        <translation>登记会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="371"/>
        <source>Only the visitor category is needed. Nickname and employer are optional; write a phone number only if the person agrees.</source>
        <translation>只需选择访客类别。昵称和工作单位可填可不填；本人同意后才能登记手机号。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="375"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="376"/>
        <source>Nickname (optional)</source>
        <translation>昵称（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="377"/>
        <source>Employer (optional)</source>
        <translation>工作单位（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="378"/>
        <source>The person agrees to give a phone number</source>
        <translation>本人同意登记手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="379"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="381"/>
        <source>Register and give a card</source>
        <translation>登记并发卡</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="382"/>
        <source>Find a member</source>
        <translation>查找会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="384"/>
        <source>Card code, nickname, employer or 4+ phone digits</source>
        <translation>卡号、昵称、工作单位或手机号中 4 位以上数字</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="386"/>
        <source>Search</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="387"/>
        <source>Show stopped cards and erased members</source>
        <translation>显示已停用和已清除信息的会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="388"/>
        <source>Print card</source>
        <translation>打印会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="389"/>
        <location filename="../../ui/pages/members_page.py" line="447"/>
        <source>Stop card</source>
        <translation>停用会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="390"/>
        <source>Erase personal data (supervisor)</source>
        <translation>清除个人信息（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="392"/>
        <source>On the person&apos;s request: nickname, employer and phone are erased for good</source>
        <translation>应本人要求：永久清除昵称、工作单位和手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="450"/>
        <source>Stop card %1? It can no longer be scanned to check in. The member&apos;s visits stay counted.</source>
        <translation>停用会员卡 %1？停用后不能再扫码签到，以前的到访记录仍然计数。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="455"/>
        <source>Stop the card</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="470"/>
        <location filename="../../ui/pages/members_page.py" line="481"/>
        <source>Erase personal data</source>
        <translation>清除个人信息</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="473"/>
        <source>Erase the personal data of member %1 on their request? Nickname, employer and phone number are deleted and the card stops working. This cannot be undone. The visits stay counted, without a name.</source>
        <translation>应本人要求清除会员 %1 的个人信息？昵称、工作单位和手机号将被删除，会员卡同时停用。此操作不能撤销。到访记录仍然计数，但不再有姓名。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="479"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="484"/>
        <source>Last check: erase member %1&apos;s data for good? Nobody can bring it back afterwards.</source>
        <translation>最后确认：永久清除会员 %1 的信息？清除后任何人都无法恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="489"/>
        <source>Erase for good</source>
        <translation>永久清除</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="518"/>
        <source>Registered %1: card code %2</source>
        <translation>已登记 %1，会员卡号 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="529"/>
        <source>Card %1 stopped</source>
        <translation>会员卡 %1 已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="539"/>
        <source>The personal data of member %1 was erased</source>
        <translation>会员 %1 的个人信息已清除</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="585"/>
        <source>%1 found</source>
        <translation>共 %1 人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="606"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="632"/>
        <source>11-digit mobile number</source>
        <translation>11 位手机号码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members_page.py" line="634"/>
        <source>Tick the consent box first</source>
        <translation>请先勾选“本人同意”</translation>
    </message>
</context>
<context>
    <name>NewCampaignDialog</name>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="852"/>
        <source>New relief campaign</source>
        <translation>新建发放活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="853"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="857"/>
        <source>Name</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="858"/>
        <source>Dates (both included)</source>
        <translation>日期（含首尾两天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="859"/>
        <source>Who may claim</source>
        <translation>可领取的人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="860"/>
        <source>Package per person</source>
        <translation>每人发放内容</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="861"/>
        <source>Times per person</source>
        <translation>每人可领次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="866"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="867"/>
        <source>Days between two claims</source>
        <translation>两次领取至少间隔（天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="868"/>
        <source>e.g. 2026 summer cool-down</source>
        <translation>例如：2026 夏季送清凉</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="869"/>
        <source>Tick none: every visitor may claim.</source>
        <translation>都不勾选：所有来访者都可以领取。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="870"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="870"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="871"/>
        <source>Add an item</source>
        <translation>添加物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="872"/>
        <source>Remove the selected item</source>
        <translation>删除选中的物品</translation>
    </message>
</context>
<context>
    <name>NumPad</name>
    <message>
        <location filename="../../ui/numpad.py" line="50"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/numpad.py" line="51"/>
        <location filename="../../ui/numpad.py" line="52"/>
        <source>Delete the last digit</source>
        <translation>删除最后一位</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <location filename="../../ui/pdf_view.py" line="232"/>
        <source>Previous page</source>
        <extracomment>(page in sight, counted from 1; pages in all): 0, 0 when nothing is shown.</extracomment>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="233"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="234"/>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="236"/>
        <source>Show each page whole, or as wide as the view when not pressed</source>
        <translation>按下时显示整页，否则按窗口宽度显示</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="340"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页 / 共 %2 页</translation>
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
        <location filename="../../ui/printing.py" line="529"/>
        <source>Print preview: %1</source>
        <translation>打印预览：%1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="605"/>
        <source>Printing %1…</source>
        <translation>正在打印%1…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="638"/>
        <source>Printed %1 (%2 pages).</source>
        <translation>已打印%1（%2 页）。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="648"/>
        <source>The record is saved; only the printout failed.</source>
        <translation>记录已保存，只是没打印出来。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="650"/>
        <source>The printout failed.</source>
        <translation>打印失败。</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="655"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>ProfileSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="491"/>
        <source>Station profile</source>
        <translation>站点资料</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="495"/>
        <source>Station name</source>
        <translation>站点名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="496"/>
        <source>Kind</source>
        <translation>站点类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="497"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="498"/>
        <source>Hotline</source>
        <translation>服务电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="499"/>
        <source>Opening hours</source>
        <translation>开放时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="500"/>
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="507"/>
        <source>Rest station and mommy room</source>
        <translation>爱心驿家 + 妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="508"/>
        <source>Outdoor workers&apos; rest station</source>
        <translation>户外劳动者服务站点（爱心驿家）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="509"/>
        <source>Mommy room (nursing room)</source>
        <translation>妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="513"/>
        <source>Save the profile</source>
        <translation>保存站点资料</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="514"/>
        <source>Wi-Fi on the poster</source>
        <translation>海报上的 Wi-Fi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="517"/>
        <source>Printed on the station poster as a code phones can join with. The password is never shown: type it each time you save (empty for an open network).</source>
        <translation>印在站点海报上，手机扫码即可连接。密码不会再显示：每次保存都要重新输入（开放网络请留空）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="521"/>
        <source>Wi-Fi name</source>
        <translation>Wi-Fi 名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="522"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="523"/>
        <source>Save the Wi-Fi</source>
        <translation>保存 Wi-Fi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="566"/>
        <source>Station profile saved</source>
        <translation>站点资料已保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="583"/>
        <source>Wi-Fi saved: it is on the next poster printed</source>
        <translation>Wi-Fi 已保存：下次打印的海报上就有</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="585"/>
        <source>Wi-Fi removed from the poster</source>
        <translation>已从海报上去掉 Wi-Fi</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="251"/>
        <source>Receive a delivery</source>
        <translation>入库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="254"/>
        <source>A whole number, e.g. 24</source>
        <translation>整数，例如 24</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="255"/>
        <source>Optional: made from today&apos;s date when empty</source>
        <translation>选填：不填则按今天日期生成</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="257"/>
        <source>(no date)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="258"/>
        <source>No date</source>
        <translation>不填日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="262"/>
        <source>Who delivered or donated it</source>
        <translation>送货或捐赠单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="267"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="268"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="269"/>
        <source>Lot</source>
        <translation>批次号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="270"/>
        <source>Expiry date</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="271"/>
        <source>Supplier or donor</source>
        <translation>供货/捐赠方</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="280"/>
        <source>Receive</source>
        <translation>入库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="289"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="289"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../ui/pages/records_page.py" line="284"/>
        <source>Records</source>
        <extracomment>A record was added (the home page&apos;s reminder may ask again).</extracomment>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="294"/>
        <source>Add a cleaning or disinfection record</source>
        <translation>添加清洁消毒记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="295"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="296"/>
        <source>What was done</source>
        <translation>所做工作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="297"/>
        <source>Note (optional)</source>
        <translation>备注（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="301"/>
        <source>Nursing room</source>
        <translation>哺乳室</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="302"/>
        <source>Rest area</source>
        <translation>休息区</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="303"/>
        <source>Toilet</source>
        <translation>卫生间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="304"/>
        <source>Fridge</source>
        <translation>冰箱</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="305"/>
        <source>Microwave</source>
        <translation>微波炉</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="306"/>
        <source>Water dispenser</source>
        <translation>饮水机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="307"/>
        <source>Tables and chairs</source>
        <translation>桌椅</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="313"/>
        <source>Cleaning</source>
        <translation>清洁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="314"/>
        <source>Disinfection</source>
        <translation>消毒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="315"/>
        <source>UV disinfection</source>
        <translation>紫外线消毒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="316"/>
        <source>Changed the bin bags</source>
        <translation>更换垃圾袋</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="317"/>
        <source>Wiped with disinfectant</source>
        <translation>消毒液擦拭</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="318"/>
        <source>Aired the room</source>
        <translation>开窗通风</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="321"/>
        <source>Choose or type where</source>
        <translation>选择或输入区域</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="322"/>
        <source>Choose or type what was done</source>
        <translation>选择或输入所做工作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="323"/>
        <source>e.g. the floor mopped too</source>
        <translation>例如：地面也拖了</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="324"/>
        <source>Add record</source>
        <translation>添加记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="327"/>
        <source>Records are kept as written: they cannot be changed or deleted. To correct one, add a new record with a note.</source>
        <translation>记录一经保存就不能修改或删除。如需更正，请再添加一条记录并写明备注。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="331"/>
        <source>The last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="332"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="333"/>
        <source>No records in the last 7 days.</source>
        <translation>最近 7 天没有记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="370"/>
        <source>Recorded: %1, %2 at %3</source>
        <translation>已记录：%1，%2，%3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/records_page.py" line="392"/>
        <source>Last: %1 · %2 · %3</source>
        <translation>上次：%1 · %2 · %3</translation>
    </message>
</context>
<context>
    <name>ReliefPage</name>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="404"/>
        <source>Relief</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="423"/>
        <source>Campaign</source>
        <translation>发放活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="424"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="425"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="427"/>
        <source>Scan the card or type its code (a voucher works too)</source>
        <translation>扫码或输入卡号（也可扫发放券）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="429"/>
        <source>Or a person without a card</source>
        <translation>或无卡人员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="430"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="431"/>
        <source>Phone last 4</source>
        <translation>手机尾号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="432"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="433"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="434"/>
        <source>A member is counted in their registered category</source>
        <translation>会员按登记的类别计</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="435"/>
        <source>Cannot sign</source>
        <translation>签不了名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="437"/>
        <source>Tick only when the recipient cannot write: the handout is kept unsigned</source>
        <translation>领取人确实无法签名时才勾选：这次发放记为未签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="439"/>
        <source>Hand out</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="440"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="441"/>
        <source>Roster so far</source>
        <translation>已发放名单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="543"/>
        <source>(not given)</source>
        <translation>（不选）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="565"/>
        <source>No relief campaign is running. A supervisor sets one up in Settings.</source>
        <translation>现在没有进行中的发放活动。请站长在“设置”里创建。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="571"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="574"/>
        <source>Each package: %1</source>
        <translation>每份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="576"/>
        <source>For: %1</source>
        <translation>发放对象：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="578"/>
        <source>For: everyone</source>
        <translation>发放对象：所有人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="581"/>
        <source>one claim per person</source>
        <translation>每人限领 1 次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="584"/>
        <source>up to %1 claims per person, at least %2 days apart</source>
        <translation>每人限领 %1 次，两次至少间隔 %2 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="589"/>
        <source>up to %1 claims per person</source>
        <translation>每人限领 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="592"/>
        <source>starts on %1</source>
        <translation>%1 开始</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="595"/>
        <source>Stock left: %1 packages</source>
        <translation>库存还够发 %1 份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="602"/>
        <source>Handed out: %1 · People: %2</source>
        <translation>已发 %1 份 · %2 人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="605"/>
        <source>Handed out: %1</source>
        <translation>已发 %1 份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="632"/>
        <location filename="../../ui/pages/relief_page.py" line="645"/>
        <location filename="../../ui/pages/relief_page.py" line="671"/>
        <source>Not signed</source>
        <translation>未签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="664"/>
        <source>Select a row to see its signature</source>
        <translation>选中一行可查看签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="668"/>
        <source>Signature of %1</source>
        <translation>%1的签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="698"/>
        <source>Card read: ask the person to sign, then tap Hand out</source>
        <translation>已读卡：请领取人签名，再点“发放”</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_page.py" line="749"/>
        <source>Handed out: %1 to %2 at %3</source>
        <translation>已发放：%1，领取人 %2，时间 %3</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="242"/>
        <source>Reports</source>
        <extracomment>(pieces done, pieces in all), emitted from the worker while a document is made. A document is shown in the viewer (its page count). Files just written (their paths, as text).</extracomment>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="249"/>
        <source>Reports: the monthly log and the year summary</source>
        <translation>报表：月度台账和年度汇总</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="250"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="251"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="253"/>
        <source>Language of the document</source>
        <translation>文件语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="254"/>
        <source>Parts</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="256"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="257"/>
        <source>Visit register</source>
        <translation>来访登记表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="258"/>
        <source>Stock ledger</source>
        <translation>物资出入库台账</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="259"/>
        <source>Relief roster</source>
        <translation>发放签收表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="260"/>
        <source>Cleaning record</source>
        <translation>消毒记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="264"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="265"/>
        <source>Make the month&apos;s log and show it here</source>
        <translation>生成所选月份的台账并在这里显示</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="266"/>
        <source>Year summary</source>
        <translation>年度汇总</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="267"/>
        <source>Make the summary of the chosen year and show it</source>
        <translation>生成所选年份的年度汇总并显示</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="268"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="269"/>
        <source>Print the document shown on the chosen printer</source>
        <translation>用打印设置里选定的打印机打印显示的文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="270"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="272"/>
        <source>PDF (and the district file)</source>
        <translation>PDF（附上报文件）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="273"/>
        <source>Excel workbook</source>
        <translation>Excel 表格</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="274"/>
        <source>CSV files in a folder</source>
        <translation>CSV 文件（存入文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="275"/>
        <source>District file (JSON)</source>
        <translation>上报文件（JSON）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="279"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="280"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="375"/>
        <source>Monthly log %1</source>
        <translation>月度台账 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="379"/>
        <source>Making the monthly log of %1…</source>
        <translation>正在生成 %1 的月度台账…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="409"/>
        <source>Year summary %1</source>
        <translation>%1 年度汇总</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="411"/>
        <source>Making the summary of %1…</source>
        <translation>正在生成 %1 年度汇总…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="431"/>
        <source>Cancelled: nothing was made.</source>
        <translation>已取消：没有生成文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="444"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="458"/>
        <source>Sent to the printer: %1 (%2 pages)</source>
        <translation>已送去打印：%1（共 %2 页）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="483"/>
        <source>Choose the folder for the CSV files</source>
        <translation>选择保存 CSV 文件的文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="498"/>
        <location filename="../../ui/pages/reports_page.py" line="525"/>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="538"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="539"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="540"/>
        <source>District file (*.json)</source>
        <translation>上报文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="545"/>
        <source>Save the report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="558"/>
        <source>Cancelled: no file was written.</source>
        <translation>已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="562"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="564"/>
        <source>Saved %1 files:</source>
        <translation>已保存 %1 个文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="620"/>
        <source>Preview the month (or the year summary) first, then print or save it.</source>
        <translation>请先预览月度台账（或年度汇总），再打印或保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="621"/>
        <source>The choices have changed since the preview: preview again first.</source>
        <translation>预览之后选项已改动：请先重新预览。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="630"/>
        <source>Choose the month and the parts, then press Preview.</source>
        <translation>选择月份和内容，然后点“预览”。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="634"/>
        <source>Shown: %1. %2</source>
        <translation>正在显示：%1。%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="638"/>
        <source>Shown: %1 (%2 pages).</source>
        <translation>正在显示：%1（共 %2 页）。</translation>
    </message>
</context>
<context>
    <name>ResetPinDialog</name>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="560"/>
        <source>Reset a PIN</source>
        <translation>重设 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="561"/>
        <source>Set the new PIN</source>
        <translation>设定新 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="564"/>
        <source>A new PIN for %1. Tell it to them in person; they can sign in at once.</source>
        <translation>为 %1 设定新的 PIN。请当面告诉本人；设定后马上就能登录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="568"/>
        <source>New PIN (4 to 12 digits)</source>
        <translation>新 PIN（4 到 12 位数字）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="569"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../../ui/pages/relief_models.py" line="90"/>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_models.py" line="103"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_models.py" line="104"/>
        <source>Claimant</source>
        <translation>领取人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_models.py" line="105"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_models.py" line="106"/>
        <source>Signed</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/relief_models.py" line="107"/>
        <source>Attendant</source>
        <translation>经办人</translation>
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
    <name>SettingsFormDialog</name>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="380"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="215"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="222"/>
        <source>Settings (supervisor)</source>
        <translation>设置（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="225"/>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="226"/>
        <source>Visitors and services</source>
        <translation>访客与服务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="227"/>
        <source>Stock items</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="228"/>
        <source>Relief campaigns</source>
        <translation>发放活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="229"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="230"/>
        <source>This kiosk</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="231"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="348"/>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="350"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="596"/>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="597"/>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="601"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="602"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="603"/>
        <location filename="../../ui/pages/settings_page.py" line="865"/>
        <location filename="../../ui/pages/settings_page.py" line="1005"/>
        <location filename="../../ui/pages/settings_page.py" line="1109"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="844"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="849"/>
        <source>Not recorded</source>
        <translation>不登记</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="851"/>
        <source>Warn %1 days before</source>
        <translation>到期前 %1 天提醒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="856"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="857"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="859"/>
        <source>Low stock at</source>
        <translation>低库存提醒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="863"/>
        <source>Expiry dates</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="864"/>
        <source>Lent out</source>
        <translation>借用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="953"/>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="955"/>
        <source>Ended</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="957"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="958"/>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="963"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="980"/>
        <source>%1 per person, %2 days apart</source>
        <translation>每人 %1 次，间隔 %2 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="984"/>
        <source>%1 per person</source>
        <translation>每人 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="994"/>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="995"/>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="996"/>
        <source>Who may claim</source>
        <translation>可领取的人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="997"/>
        <source>Package</source>
        <translation>发放内容</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="998"/>
        <source>Limit</source>
        <translation>限领</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1000"/>
        <source>Handed out</source>
        <translation>已发放</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1107"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1108"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1137"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1140"/>
        <source>Locked until %1</source>
        <translation>锁定到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1141"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1242"/>
        <source>Supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1243"/>
        <source>Attendant</source>
        <translation>值班员</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/setup_dialog.py" line="44"/>
        <source>Station Desk: first start</source>
        <translation>驿站台账：首次设置</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="49"/>
        <source>Welcome. Set up this station once: its name and kind, and the supervisor who signs the monthly ledgers. Everything can be changed later.</source>
        <translation>欢迎使用。请先完成一次站点设置：站点名称和类型，以及负责签署月度台账的负责人。以后都可以修改。</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="56"/>
        <source>e.g. Jiefang Road Care Station</source>
        <translation>例如：解放路爱心驿家</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="59"/>
        <source>Rest station and mommy room</source>
        <translation>爱心驿家 + 妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="60"/>
        <source>Outdoor workers&apos; rest station</source>
        <translation>户外劳动者服务站点（爱心驿家）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="61"/>
        <source>Mommy room (nursing room)</source>
        <translation>妈咪暖心小屋</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="74"/>
        <source>4 to 12 digits</source>
        <translation>4 到 12 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="79"/>
        <source>Station name</source>
        <translation>站点名称</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="80"/>
        <source>Kind</source>
        <translation>站点类型</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="81"/>
        <source>Address (optional)</source>
        <translation>地址（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="82"/>
        <source>Hotline (optional)</source>
        <translation>服务电话（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="83"/>
        <source>Opening hours (optional)</source>
        <translation>开放时间（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="84"/>
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="85"/>
        <source>Supervisor&apos;s name</source>
        <translation>负责人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="86"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>负责人 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="87"/>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="105"/>
        <source>Set up</source>
        <translation>完成设置</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="119"/>
        <source>Setting up the station…</source>
        <translation>正在设置站点…</translation>
    </message>
</context>
<context>
    <name>SignatureCanvas</name>
    <message>
        <location filename="../../ui/signature_pad.py" line="263"/>
        <source>Recipient signs here</source>
        <translation>请领取人在此签名</translation>
    </message>
    <message>
        <location filename="../../ui/signature_pad.py" line="264"/>
        <source>Signature pad</source>
        <translation>签名板</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/signature_pad.py" line="353"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/signature_pad.py" line="354"/>
        <source>Wipe the pad and sign again</source>
        <translation>擦掉重签</translation>
    </message>
</context>
<context>
    <name>StockForm</name>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="123"/>
        <source>Cancel</source>
        <extracomment>A refusal that came back after the form was closed (the idle timeout): the page says it.</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="130"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>StockItemDialog</name>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="670"/>
        <source>Change a stock item</source>
        <translation>修改物品设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="670"/>
        <source>Add a stock item</source>
        <translation>添加物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="672"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="672"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="676"/>
        <source>Item</source>
        <translation>物品名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="677"/>
        <source>Unit (bottle, box …)</source>
        <translation>单位（瓶、盒……）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="678"/>
        <source>Low stock at or below</source>
        <translation>库存不高于此数时提醒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="679"/>
        <source>Warn this many days before expiry</source>
        <translation>到期前几天提醒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="684"/>
        <source>Record an expiry date with each delivery</source>
        <translation>每次入库都登记有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="686"/>
        <source>Lent out and brought back (umbrella, charger, tool), not given away</source>
        <translation>借出后要归还（雨伞、充电宝、工具），不是发放</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_dialogs.py" line="688"/>
        <source>In use: offered for receiving, issuing and relief</source>
        <translation>在用：可以入库、发放和用于送清凉等活动</translation>
    </message>
</context>
<context>
    <name>StockLevelModel</name>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="234"/>
        <source>Out of stock</source>
        <translation>无库存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="236"/>
        <source>Low stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="240"/>
        <source>Expired: %1 %2</source>
        <translation>已过期 %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="248"/>
        <source>Expiring soon: %1 %2 by %3</source>
        <translation>临期 %1 %2（%3 到期）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="262"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="264"/>
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="266"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="268"/>
        <source>On loan</source>
        <translation>借出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="273"/>
        <source>Low at</source>
        <translation>提醒线</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="276"/>
        <source>Next expiry</source>
        <translation>最近有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_models.py" line="279"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="230"/>
        <location filename="../../ui/pages/stock_page.py" line="243"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="244"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="245"/>
        <source>Receive a delivery</source>
        <translation>入库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="246"/>
        <source>Issue to a visitor</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="247"/>
        <source>Write off (supervisor)</source>
        <translation>报损（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="248"/>
        <source>Lend</source>
        <translation>借出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="249"/>
        <source>Stocktake (supervisor)</source>
        <translation>盘点（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="250"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="251"/>
        <source>Balances</source>
        <translation>库存结余</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="252"/>
        <source>Lent out</source>
        <translation>借出中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="253"/>
        <location filename="../../ui/pages/stock_page.py" line="452"/>
        <source>Take back</source>
        <translation>归还</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="254"/>
        <source>Not coming back (supervisor)</source>
        <translation>无法归还（负责人）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="309"/>
        <source>%1 out</source>
        <translation>借出 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="311"/>
        <source>%1 overdue</source>
        <translation>逾期 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="377"/>
        <source>Received: %1 %2 %3, lot %4</source>
        <translation>已入库：%1 %2 %3，批次 %4</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="405"/>
        <source>Issued: %1 %2 %3 to visit No. %4</source>
        <translation>已发放：%1 %2 %3，来访编号 %4</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="407"/>
        <source>Issued: %1 %2 %3</source>
        <translation>已发放：%1 %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="426"/>
        <source>Written off: %1 %2 %3</source>
        <translation>已报损：%1 %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="441"/>
        <source>Lent: %1 to %2, due back %3</source>
        <translation>已借出：%1 借给 %2，%3 前归还</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="453"/>
        <source>Take back %1 from %2?</source>
        <translation>确认 %2 已归还%1？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="454"/>
        <source>Taken back</source>
        <translation>已归还</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="455"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="476"/>
        <source>Taken back: %1 from %2</source>
        <translation>已归还：%2 还回%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="492"/>
        <source>Written off as lost: %1 (%2)</source>
        <translation>已按丢失报损：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_page.py" line="509"/>
        <source>Stocktake saved: %1 correction(s)</source>
        <translation>盘点已保存：更正 %1 处</translation>
    </message>
</context>
<context>
    <name>StocktakeDialog</name>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="607"/>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="618"/>
        <source>Differences: each needs a reason</source>
        <translation>差异（每条都要填写原因）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="621"/>
        <source>Optional, e.g. month-end count</source>
        <translation>选填，例如：月末盘点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="622"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="639"/>
        <source>Apply corrections</source>
        <translation>按盘点更正</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="645"/>
        <source>Count what is on the shelf plus what is lent out, and type it in the Counted column. A line left empty is not changed.</source>
        <translation>清点货架上的数量加上借出未还的数量，填在“实盘”一栏。不填的行不作更改。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="715"/>
        <source>Counted, no differences</source>
        <translation>盘点无差异</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../../ui/visitor_mode.py" line="74"/>
        <source>Supervisor&apos;s PIN</source>
        <translation>负责人确认</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="89"/>
        <source>Supervisor</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="90"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="98"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="99"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="133"/>
        <source>%1 is not a supervisor: a supervisor&apos;s PIN is needed</source>
        <translation>%1 不是负责人：需要负责人的 PIN</translation>
    </message>
</context>
<context>
    <name>UsersSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1144"/>
        <source>Add a user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1145"/>
        <source>Reset the PIN…</source>
        <translation>重设 PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1146"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1147"/>
        <location filename="../../ui/pages/settings_page.py" line="1235"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1182"/>
        <source>User added: %1 (%2)</source>
        <translation>已添加用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1194"/>
        <source>New PIN set for %1</source>
        <translation>已为 %1 设定新 PIN</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1206"/>
        <source>Unlocked: %1 can sign in again</source>
        <translation>已解锁：%1 可以重新登录了</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1223"/>
        <source>Deactivated: %1</source>
        <translation>已停用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="1230"/>
        <source>Deactivate %1? They can no longer sign in; what they recorded stays under their name.</source>
        <translation>停用 %1？停用后此人不能再登录；其记录过的内容仍保留在其名下。</translation>
    </message>
</context>
<context>
    <name>VisitSearchModel</name>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="95"/>
        <source>In</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="102"/>
        <source>Out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="109"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="116"/>
        <source>Visitor</source>
        <translation>访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="122"/>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="128"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="134"/>
        <source>Attendant</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visit_search_model.py" line="140"/>
        <source>Voided</source>
        <translation>已撤销</translation>
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
        <location filename="../../ui/visitor_mode.py" line="178"/>
        <source>Visitor mode</source>
        <translation>访客自助模式</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="193"/>
        <source>Please scan</source>
        <translation>请扫码</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="202"/>
        <source>Hold your member card or visit slip under the scanner</source>
        <translation>请把会员卡或签到单对准扫码器</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="219"/>
        <source>Leave visitor mode</source>
        <translation>退出访客模式</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="291"/>
        <source>Please wait a moment: the database is busy…</source>
        <translation>请稍候：数据库正忙…</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="293"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="300"/>
        <source>Please collect at the desk</source>
        <translation>请到服务台领取</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="301"/>
        <source>Vouchers are handed out by the attendant at the desk.</source>
        <translation>发放券由服务台值班员核对后发放。</translation>
    </message>
    <message>
        <location filename="../../ui/visitor_mode.py" line="317"/>
        <source>A supervisor&apos;s name and PIN are needed to leave visitor mode.</source>
        <translation>退出访客自助模式需要负责人的姓名和 PIN。</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="244"/>
        <source>Visits</source>
        <extracomment>(rows written, rows in all), emitted from the worker while an export runs. The place of a file just exported.</extracomment>
        <translation>来访</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="251"/>
        <source>Visits: search the register and export it</source>
        <translation>来访记录：查询与导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="252"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="253"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="255"/>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="256"/>
        <source>Pick the date on a calendar</source>
        <translation>在日历上选日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="257"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="258"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="259"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="260"/>
        <source>Visitor</source>
        <translation>访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="261"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="262"/>
        <source>Card code or part of a nickname</source>
        <translation>会员卡号或昵称中的字</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="263"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="264"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="265"/>
        <source>Save the rows shown as an Excel or CSV file</source>
        <translation>把表中显示的记录保存为 Excel 或 CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="266"/>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="309"/>
        <source>All visitors</source>
        <translation>全部访客</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="326"/>
        <source>Voided</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="342"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="366"/>
        <source>No visits found.</source>
        <translation>没有找到来访记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="370"/>
        <source>More than %1 visits: the newest %1 are shown. Narrow the dates or choose a visitor or member to see the rest.</source>
        <translation>超过 %1 条来访记录，只显示最新的 %1 条。请缩短日期范围，或选择访客类别、会员，查看其余记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="376"/>
        <source>%1 visits found (%2 of them voided).</source>
        <translation>找到 %1 条来访记录（其中 %2 条已撤销）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="388"/>
        <source>Nothing to export: search first.</source>
        <translation>没有可导出的记录，请先查询。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="392"/>
        <source>visits</source>
        <translation>来访记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="394"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="395"/>
        <source>CSV, comma separated (*.csv)</source>
        <translation>CSV 逗号分隔文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="397"/>
        <source>Export visits</source>
        <translation>导出来访记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="407"/>
        <source>Visits %1 to %2</source>
        <translation>来访 %1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="434"/>
        <source>Exporting %1 visits…</source>
        <translation>正在导出 %1 条来访记录…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="455"/>
        <source>Export cancelled: no file was written.</source>
        <translation>已取消导出，没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/visits_page.py" line="457"/>
        <source>%1 visits saved to %2</source>
        <translation>已将 %1 条来访记录保存到 %2</translation>
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
        <location filename="../../ui/voucher_issue_dialog.py" line="73"/>
        <source>Relief voucher</source>
        <translation>发放券</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="79"/>
        <source>Scan or type the card code, or leave empty</source>
        <translation>扫描或输入会员卡号，没有卡可留空</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="86"/>
        <source>(the member&apos;s own / not given)</source>
        <translation>（会员按登记类别 / 不填）</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="89"/>
        <source>Campaign</source>
        <translation>发放活动</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="90"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="91"/>
        <source>Or a person without a card:</source>
        <translation>或没有会员卡的领取人：</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="92"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="93"/>
        <source>Phone last 4</source>
        <translation>手机尾号</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="94"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="95"/>
        <source>Category</source>
        <translation>访客类别</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="108"/>
        <source>Issue and print</source>
        <translation>开券并打印</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="110"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="116"/>
        <source>No relief campaign is running or coming up.</source>
        <translation>现在没有进行中或即将开始的发放活动。</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="127"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../../ui/voucher_issue_dialog.py" line="127"/>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
</context>
<context>
    <name>WorkingDialog</name>
    <message>
        <location filename="../../ui/working_dialog.py" line="66"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../../ui/working_dialog.py" line="102"/>
        <source>Waiting for the database: another program is using it…</source>
        <translation>正在等待数据库：另一个程序正在使用它……</translation>
    </message>
</context>
<context>
    <name>WriteOffDialog</name>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="396"/>
        <source>Write off stock</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="401"/>
        <source>%1 — %2 in stock</source>
        <translation>%1 — 库存 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="411"/>
        <source>A whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="413"/>
        <source>Lost or damaged</source>
        <translation>丢失或损坏</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="414"/>
        <source>Expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="415"/>
        <source>What happened (needed for lost or damaged)</source>
        <translation>情况说明（丢失或损坏必填）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="416"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="417"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="418"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="419"/>
        <source>What happened</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="427"/>
        <source>Write off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../ui/pages/stock_dialogs.py" line="429"/>
        <source>Expired stock is taken from the lots past their date, oldest first.</source>
        <translation>按过期报损时，从已过期的批次中扣减，先到期的先扣。</translation>
    </message>
</context>
</TS>
