<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Analyser</name>
    <message>
        <source>The analysis failed: {message}</source>
        <translation>分析失败：{message}</translation>
    </message>
</context>
<context>
    <name>Balance</name>
    <message>
        <source>Primary</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Junior secondary</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>Basic balance</source>
        <translation>基本均衡</translation>
    </message>
    <message>
        <source>Quality balance</source>
        <translation>优质均衡</translation>
    </message>
    <message>
        <source>Teaching and auxiliary floor area per pupil (m²)</source>
        <translation>生均教学及辅助用房面积（平方米）</translation>
    </message>
    <message>
        <source>Sports ground area per pupil (m²)</source>
        <translation>生均体育运动场馆面积（平方米）</translation>
    </message>
    <message>
        <source>Teaching equipment value per pupil (yuan)</source>
        <translation>生均教学仪器设备值（元）</translation>
    </message>
    <message>
        <source>Computers per 100 pupils</source>
        <translation>每百名学生拥有计算机台数</translation>
    </message>
    <message>
        <source>Books per pupil</source>
        <translation>生均图书册数</translation>
    </message>
    <message>
        <source>Teachers per 100 pupils</source>
        <translation>每百名学生拥有教师数</translation>
    </message>
    <message>
        <source>Teachers above the required qualification per 100 pupils</source>
        <translation>每百名学生拥有高于规定学历教师数</translation>
    </message>
    <message>
        <source>Teachers with an intermediate or higher title per 100 pupils</source>
        <translation>每百名学生拥有中级及以上专业技术职务教师数</translation>
    </message>
    <message>
        <source>County-level or higher key teachers per 100 pupils</source>
        <translation>每百名学生拥有县级及以上骨干教师数</translation>
    </message>
    <message>
        <source>PE and arts teachers per 100 pupils</source>
        <translation>每百名学生拥有体育、艺术（美术、音乐）专任教师数</translation>
    </message>
    <message>
        <source>Networked multimedia classrooms per 100 pupils</source>
        <translation>每百名学生拥有网络多媒体教室数</translation>
    </message>
    <message>
        <source>Mean of the coefficients (composite)</source>
        <translation>各项差异系数的平均值（综合差异系数）</translation>
    </message>
    <message>
        <source>Every coefficient within the threshold (their mean shown)</source>
        <translation>每项差异系数均在标准以内（显示其平均值）</translation>
    </message>
    <message>
        <source>method</source>
        <translation>评估类型</translation>
    </message>
    <message>
        <source>indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>coefficient</source>
        <translation>差异系数</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>schools contributing most</source>
        <translation>影响最大的学校</translation>
    </message>
    <message>
        <source>code</source>
        <translation>学校代码</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>pupils</source>
        <translation>学生数</translation>
    </message>
    <message>
        <source>standards met</source>
        <translation>达标指标数</translation>
    </message>
    <message>
        <source>lowest share of a standard</source>
        <translation>最低达标比例</translation>
    </message>
    <message>
        <source>Evaluating scenario {name}…</source>
        <translation>正在评估方案“{name}”…</translation>
    </message>
    <message>
        <source>Other work is running; press Assess when it is done.</source>
        <translation>其他任务正在运行；完成后请点击“评估”。</translation>
    </message>
    <message>
        <source>Scenario {name} is not assessed: the work stopped. Press Assess to try again.</source>
        <translation>方案“{name}”未能评估：任务已停止。请点击“评估”重试。</translation>
    </message>
    <message>
        <source>passes</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>fails</source>
        <translation>未达标</translation>
    </message>
</context>
<context>
    <name>BalancePanel</name>
    <message>
        <source>The balance cannot be assessed.</source>
        <translation>无法进行均衡评估。</translation>
    </message>
    <message>
        <source>The balance of the scenario cannot be assessed: {message}</source>
        <translation>无法评估方案的均衡状况：{message}</translation>
    </message>
    <message>
        <source>Open a project to assess the balance of its schools.</source>
        <translation>请打开一个项目，评估其学校的均衡状况。</translation>
    </message>
    <message>
        <source>Baseline, on the recorded enrolment.</source>
        <translation>现状，按登记在校生数计算。</translation>
    </message>
    <message>
        <source>Scenario {name}, with the pupils moved as the analysis moves the children.</source>
        <translation>方案“{name}”，学生按分析中儿童的分配随之调整。</translation>
    </message>
    <message>
        <source>{method}: {result}</source>
        <translation>{method}：{result}</translation>
    </message>
    <message>
        <source>Classes over the standard size: {over}; large classes ({large} or more): {large_count}; very large classes ({very_large} or more): {very_large_count}; schools over the size cap: {cap}; boarding beds short: {beds}.</source>
        <translation>超过标准班额的班级：{over}；大班额（{large}人及以上）：{large_count}；超大班额（{very_large}人及以上）：{very_large_count}；超过规模上限的学校：{cap}；寄宿床位缺口：{beds}。</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>学段：</translation>
    </message>
    <message>
        <source>Assess:</source>
        <translation>评估对象：</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>Assess</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Assess the balance of the baseline or of the scenario chosen</source>
        <translation>评估现状或所选方案的均衡状况</translation>
    </message>
    <message>
        <source>Standards plan…</source>
        <translation>优质均衡达标方案…</translation>
    </message>
    <message>
        <source>The cheapest investments and teacher transfers that bring the baseline or the scenario chosen up to the quality-balance standards (优质均衡达标方案)</source>
        <translation>以最低投入和教师交流轮岗使现状或所选方案达到优质均衡标准（优质均衡达标方案）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Only failing schools</source>
        <translation>只显示未达标学校</translation>
    </message>
    <message>
        <source>The standards plan cannot be made: {message}</source>
        <translation>无法制定达标方案：{message}</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>unexpected failure ({kind}: {error})</source>
        <translation>意外故障（{kind}：{error}）</translation>
    </message>
</context>
<context>
    <name>CursorReadout</name>
    <message>
        <source>Lon {lon}, lat {lat} · x {x}, y {y}</source>
        <translation>经度 {lon}，纬度 {lat} · x {x}，y {y}</translation>
    </message>
    <message>
        <source>grades 1–3: no school reachable</source>
        <translation>一至三年级：无法到达任何学校</translation>
    </message>
    <message>
        <source>grades 1–3: {minutes} min to the nearest school</source>
        <translation>一至三年级：到最近学校 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>{value} min</source>
        <translation>{value} 分钟</translation>
    </message>
    <message>
        <source>{value} children</source>
        <translation>{value} 人</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>County, {year} (forecast)</source>
        <translation>全县（{year}年预测）</translation>
    </message>
    <message>
        <source>Grades 1–3</source>
        <translation>一至三年级</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Junior</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>within the rule</source>
        <translation>符合通行时间标准的比例</translation>
    </message>
    <message>
        <source>mean trip (min)</source>
        <translation>平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>children not placed (no seat within reach)</source>
        <translation>未能安排学位的儿童数（可达范围内无空余学位）</translation>
    </message>
    <message>
        <source>{level}: {metric}</source>
        <translation>{level}：{metric}</translation>
    </message>
    <message>
        <source>No analysis yet: run it to see the county&apos;s figures.</source>
        <translation>尚未分析：运行分析后即可查看全县指标。</translation>
    </message>
    <message>
        <source>Run analysis</source>
        <translation>运行分析</translation>
    </message>
    <message>
        <source>County</source>
        <translation>全县</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Catchment map</source>
        <translation>学区图</translation>
    </message>
    <message>
        <source>Travel time map</source>
        <translation>上学时间图</translation>
    </message>
    <message>
        <source>Scenario comparison map</source>
        <translation>方案比较图</translation>
    </message>
    <message>
        <source>Suggestions map</source>
        <translation>规划建议图</translation>
    </message>
    <message>
        <source>Township atlas (PDF)</source>
        <translation>乡镇图集（PDF）</translation>
    </message>
    <message>
        <source>Interactive map (HTML)</source>
        <translation>交互式地图（HTML）</translation>
    </message>
    <message>
        <source>Excel report</source>
        <translation>Excel 报告</translation>
    </message>
    <message>
        <source>GeoPackage for QGIS</source>
        <translation>QGIS 用 GeoPackage</translation>
    </message>
    <message>
        <source>Primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Junior secondary school</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Web page (*.html *.htm)</source>
        <translation>网页 (*.html *.htm)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Baseline (current project)</source>
        <translation>现状（当前项目）</translation>
    </message>
    <message>
        <source>&amp;What:</source>
        <translation>导出内容(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Scenario:</source>
        <translation>方案(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Language of the file:</source>
        <translation>文件语言(&amp;L)：</translation>
    </message>
    <message>
        <source>School &amp;level:</source>
        <translation>学段(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Paper:</source>
        <translation>纸张(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Orientation:</source>
        <translation>方向(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Resolution (PNG, dpi):</source>
        <translation>分辨率（PNG，dpi）(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>made from the county and the map</source>
        <translation>由县名和图名自动生成</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Written: {path}</source>
        <translation>已写入：{path}</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>请先打开一个项目。</translation>
    </message>
    <message>
        <source>A comparison map needs a scenario: make one in the Scenarios dock first.</source>
        <translation>方案比较图需要一个方案：请先在“方案”面板中新建方案。</translation>
    </message>
    <message>
        <source>A comparison map needs a scenario: choose one above.</source>
        <translation>方案比较图需要一个方案：请在上方选择。</translation>
    </message>
    <message>
        <source>This file is written as {suffixes}.</source>
        <translation>此类文件应保存为 {suffixes}。</translation>
    </message>
    <message>
        <source>One self-contained web page that opens offline in any browser: the base map, the children, the travel times, the catchments and the schools (a popup on each), the suggestions as a layer of their own, and a layer switcher.</source>
        <translation>一个独立的网页，可在任何浏览器中离线打开：底图、适龄儿童分布、上学时间、学区和学校（点击每所学校可查看详情），规划建议单独成层，并带图层切换。</translation>
    </message>
    <message>
        <source>County indicators</source>
        <translation>县域指标</translation>
    </message>
    <message>
        <source>Township indicators</source>
        <translation>乡镇指标</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>规划建议</translation>
    </message>
    <message>
        <source>Scenario comparison</source>
        <translation>方案比较</translation>
    </message>
    <message>
        <source>Balance coefficients</source>
        <translation>均衡差异系数</translation>
    </message>
    <message>
        <source>School standards</source>
        <translation>学校达标情况</translation>
    </message>
    <message>
        <source>Standards used</source>
        <translation>规划标准</translation>
    </message>
    <message>
        <source>An Excel workbook with the sheets:</source>
        <translation>Excel 工作簿，包含以下工作表：</translation>
    </message>
    <message>
        <source>A GeoPackage that opens in QGIS already styled, with the layers:</source>
        <translation>在 QGIS 中打开即带样式的 GeoPackage，包含以下图层：</translation>
    </message>
    <message>
        <source>Drawing the preview…</source>
        <translation>正在绘制预览…</translation>
    </message>
    <message>
        <source>The results are those of the scenario {name}.</source>
        <translation>结果为方案“{name}”的结果。</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>The preview cannot be drawn: {message}</source>
        <translation>无法绘制预览：{message}</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>未写入任何内容。</translation>
    </message>
    <message>
        <source>The export to {path} failed: {message}</source>
        <translation>导出到 {path} 失败：{message}</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消；未写入任何内容。</translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <source>The county&apos;s files</source>
        <translation>县里的数据文件</translation>
    </message>
    <message>
        <source>Choose the files to import. Nothing is written until Import on the last page.</source>
        <translation>选择要导入的文件。在最后一页点击“导入”之前不会写入任何文件。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>e.g. EPSG:4545</source>
        <translation>例如 EPSG:4545</translation>
    </message>
    <message>
        <source>Schools (table or points):</source>
        <translation>学校（表格或点图层）：</translation>
    </message>
    <message>
        <source>Population (one or more files):</source>
        <translation>人口（一个或多个文件）：</translation>
    </message>
    <message>
        <source>Roads:</source>
        <translation>道路：</translation>
    </message>
    <message>
        <source>Elevation (optional):</source>
        <translation>高程（可选）：</translation>
    </message>
    <message>
        <source>Township boundaries (optional):</source>
        <translation>乡镇边界（可选）：</translation>
    </message>
    <message>
        <source>Township code field:</source>
        <translation>乡镇代码字段：</translation>
    </message>
    <message>
        <source>Township name field:</source>
        <translation>乡镇名称字段：</translation>
    </message>
    <message>
        <source>Coordinates of the schools:</source>
        <translation>学校坐标系：</translation>
    </message>
    <message>
        <source>(found by its name)</source>
        <translation>（按字段名自动识别）</translation>
    </message>
    <message>
        <source>Population files</source>
        <translation>人口文件</translation>
    </message>
</context>
<context>
    <name>ForecastPanel</name>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>junior</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>level</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>pupils</source>
        <translation>在校生</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>学位数</translation>
    </message>
    <message>
        <source>seats to spare</source>
        <translation>学位余缺</translation>
    </message>
    <message>
        <source>classes needed</source>
        <translation>所需班级数</translation>
    </message>
    <message>
        <source>classes of 56+</source>
        <translation>56人及以上班级</translation>
    </message>
    <message>
        <source>Births by village (*.csv *.txt *.xlsx *.xlsm);;All files (*)</source>
        <translation>分村出生人数 (*.csv *.txt *.xlsx *.xlsm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Enrolment by school and grade (*.csv *.txt *.xlsx *.xlsm);;All files (*)</source>
        <translation>分校分年级在校生 (*.csv *.txt *.xlsx *.xlsm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the births by village and year</source>
        <translation>选择分村分年度出生人数</translation>
    </message>
    <message>
        <source>Choose the enrolment history by school and grade</source>
        <translation>选择分校分年级的历年在校生</translation>
    </message>
    <message>
        <source>The forecast failed: {message}</source>
        <translation>预测失败：{message}</translation>
    </message>
    <message>
        <source>Errors in the files: {errors}. Nothing was changed; see Problems.</source>
        <translation>文件有 {errors} 处错误，未作任何更改，详见“问题”。</translation>
    </message>
    <message>
        <source>Warnings about the files: {warnings}. See Problems.</source>
        <translation>文件有 {warnings} 条警告，详见“问题”。</translation>
    </message>
    <message>
        <source>Run the forecast to see the children, pupils and seats of the years ahead.</source>
        <translation>运行预测，查看今后各年的适龄儿童、在校生和学位。</translation>
    </message>
    <message>
        <source>Drawing the charts…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <source>The charts cannot be drawn: {message}</source>
        <translation>无法绘制图表：{message}</translation>
    </message>
    <message>
        <source>none (extrapolated)</source>
        <translation>无（按现有儿童推算）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Base year {base}, forecast {first}–{last}; births: {births}; enrolment history: {history}; {variant} births variant; migration {migration}.</source>
        <translation>基准年{base}年，预测{first}–{last}年；出生：{births}；历年在校生：{history}；出生{variant}方案；迁移：{migration}。</translation>
    </message>
    <message>
        <source>on</source>
        <translation>考虑</translation>
    </message>
    <message>
        <source>off</source>
        <translation>不考虑</translation>
    </message>
    <message>
        <source>The map shows the project&apos;s own children; move the slider to show a year of the forecast.</source>
        <translation>地图显示现状儿童；拖动滑块可显示预测年份。</translation>
    </message>
    <message>
        <source>The map and the figures show {year}.</source>
        <translation>地图和指标显示{year}年。</translation>
    </message>
    <message>
        <source>Only the year on the map ({year})</source>
        <translation>仅显示地图所示年份（{year}年）</translation>
    </message>
    <message>
        <source>Only the year on the map</source>
        <translation>仅显示地图所示年份</translation>
    </message>
    <message>
        <source>Births file</source>
        <translation>出生人口文件</translation>
    </message>
    <message>
        <source>Enrolment history</source>
        <translation>历年在校生</translation>
    </message>
    <message>
        <source>Years</source>
        <translation>预测年份</translation>
    </message>
    <message>
        <source>Births variant</source>
        <translation>出生方案</translation>
    </message>
    <message>
        <source>Year on the map</source>
        <translation>地图年份</translation>
    </message>
    <message>
        <source>none: births extrapolated from the children</source>
        <translation>无：按现有儿童推算出生人数</translation>
    </message>
    <message>
        <source>none: the migration of the rules</source>
        <translation>无：采用规则中的迁移假设</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>考虑迁移</translation>
    </message>
    <message>
        <source>Pupils moving between schools and townships, from the enrolment history or the rules</source>
        <translation>学生在学校和乡镇之间的流动，取自历年在校生或规则</translation>
    </message>
    <message>
        <source>Run forecast</source>
        <translation>运行预测</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>County</source>
        <translation>全县</translation>
    </message>
    <message>
        <source>Schools that change most</source>
        <translation>变化最大的学校</translation>
    </message>
    <message>
        <source>Schools by year</source>
        <translation>各校逐年</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>The project is written only if the files have no errors; the report is written beside it.</source>
        <translation>只有文件没有错误时才会写入项目；校验报告写在项目文件旁边。</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Open the project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Project file:</source>
        <translation>项目文件：</translation>
    </message>
    <message>
        <source>Project name:</source>
        <translation>项目名称：</translation>
    </message>
    <message>
        <source>Choose the project file to write.</source>
        <translation>请选择要写入的项目文件。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Importing: {message}</source>
        <translation>正在导入：{message}</translation>
    </message>
    <message>
        <source>{errors} errors: nothing was written. Fix the files and import again (report: {report}).</source>
        <translation>{errors} 个错误：未写入任何内容。请修正文件后重新导入（报告：{report}）。</translation>
    </message>
    <message>
        <source>Written: {path} ({schools} schools, {cells} populated cells; {warnings} warnings).</source>
        <translation>已写入：{path}（{schools} 所学校，{cells} 个有人口的网格；{warnings} 个警告）。</translation>
    </message>
    <message>
        <source>The import failed; nothing was written.</source>
        <translation>导入失败；未写入任何内容。</translation>
    </message>
    <message>
        <source>The import failed: {message}</source>
        <translation>导入失败：{message}</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消；未写入任何内容。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>As the file states (WGS84 for spreadsheets)</source>
        <translation>按文件自带坐标系（表格默认 WGS84）</translation>
    </message>
    <message>
        <source>WGS84 longitude/latitude (GPS, OpenStreetMap; EPSG:4326)</source>
        <translation>WGS84 经纬度（GPS、OpenStreetMap；EPSG:4326）</translation>
    </message>
    <message>
        <source>GCJ-02 longitude/latitude (Amap/Gaode, Tencent web maps)</source>
        <translation>GCJ-02 经纬度（高德地图、腾讯地图）</translation>
    </message>
    <message>
        <source>BD-09 longitude/latitude (Baidu maps)</source>
        <translation>BD-09 经纬度（百度地图）</translation>
    </message>
    <message>
        <source>CGCS2000 longitude/latitude (official Chinese maps; EPSG:4490)</source>
        <translation>CGCS2000 经纬度（国家标准地图；EPSG:4490）</translation>
    </message>
    <message>
        <source>Another coordinate system (EPSG code)</source>
        <translation>其他坐标系（EPSG 代码）</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>fix</source>
        <translation>处理办法</translation>
    </message>
    <message>
        <source>Schools (*.csv *.txt *.xlsx *.xlsm *.gpkg *.shp *.geojson *.json *.zip);;All files (*)</source>
        <translation>学校 (*.csv *.txt *.xlsx *.xlsm *.gpkg *.shp *.geojson *.json *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Population rasters or village counts (*.tif *.tiff *.gpkg *.shp *.geojson *.json *.zip *.csv);;All files (*)</source>
        <translation>人口栅格或村人口统计 (*.tif *.tiff *.gpkg *.shp *.geojson *.json *.zip *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Roads (*.gpkg *.shp *.geojson *.json *.zip *.pbf);;All files (*)</source>
        <translation>道路 (*.gpkg *.shp *.geojson *.json *.zip *.pbf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Elevation (*.tif *.tiff);;All files (*)</source>
        <translation>高程 (*.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Township boundaries (*.gpkg *.shp *.geojson *.json *.zip);;All files (*)</source>
        <translation>乡镇边界 (*.gpkg *.shp *.geojson *.json *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Projects (*.gpkg)</source>
        <translation>项目文件 (*.gpkg)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Schools file</source>
        <translation>学校文件</translation>
    </message>
    <message>
        <source>Roads file</source>
        <translation>道路文件</translation>
    </message>
    <message>
        <source>Elevation (DEM) file</source>
        <translation>高程（DEM）文件</translation>
    </message>
    <message>
        <source>Township boundaries file</source>
        <translation>乡镇边界文件</translation>
    </message>
    <message>
        <source>Project file</source>
        <translation>项目文件</translation>
    </message>
    <message>
        <source>Import county data</source>
        <translation>导入县域数据</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>Township boundaries</source>
        <translation>乡镇界线</translation>
    </message>
    <message>
        <source>Rivers</source>
        <translation>河流</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Roads not joined to the main network</source>
        <translation>未接入主路网的道路</translation>
    </message>
    <message>
        <source>Primary-age children</source>
        <translation>小学适龄儿童</translation>
    </message>
    <message>
        <source>Junior-age children</source>
        <translation>初中适龄少年</translation>
    </message>
    <message>
        <source>Place names</source>
        <translation>地名</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Walking time, grades 1–3</source>
        <translation>步行时间（一至三年级）</translation>
    </message>
    <message>
        <source>Catchments (grades 1–3)</source>
        <translation>服务范围（一至三年级）</translation>
    </message>
    <message>
        <source>Catchments (primary)</source>
        <translation>服务范围（小学）</translation>
    </message>
    <message>
        <source>Catchments (junior)</source>
        <translation>服务范围（初中）</translation>
    </message>
    <message>
        <source>Enrolment zones</source>
        <translation>招生片区</translation>
    </message>
    <message>
        <source>Select a layer to see its legend.</source>
        <translation>选择一个图层以查看其图例。</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Move the layer up</source>
        <translation>上移图层</translation>
    </message>
    <message>
        <source>Move the layer down</source>
        <translation>下移图层</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>County road</source>
        <translation>县道</translation>
    </message>
    <message>
        <source>Township road</source>
        <translation>乡道</translation>
    </message>
    <message>
        <source>Village road</source>
        <translation>村道</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>小路</translation>
    </message>
    <message>
        <source>Primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Teaching point</source>
        <translation>教学点</translation>
    </message>
    <message>
        <source>Junior secondary school</source>
        <translation>初级中学</translation>
    </message>
    <message>
        <source>Nine-year school</source>
        <translation>九年一贯制学校</translation>
    </message>
    <message>
        <source>Overcrowded (red outline)</source>
        <translation>超员（红色边框）</translation>
    </message>
    <message>
        <source>Under 100 pupils (hollow, dashed outline)</source>
        <translation>不足100人（空心、虚线边框）</translation>
    </message>
    <message>
        <source>Boarding (dark outline)</source>
        <translation>寄宿制（深色外框）</translation>
    </message>
    <message>
        <source>Size grows with enrolment; teaching points have their own colour</source>
        <translation>圆点大小随在校生人数增大；教学点单独配色</translation>
    </message>
    <message>
        <source>0–15 min</source>
        <translation>0–15 分钟</translation>
    </message>
    <message>
        <source>15–30 min</source>
        <translation>15–30 分钟</translation>
    </message>
    <message>
        <source>30–45 min</source>
        <translation>30–45 分钟</translation>
    </message>
    <message>
        <source>45–60 min</source>
        <translation>45–60 分钟</translation>
    </message>
    <message>
        <source>60–90 min</source>
        <translation>60–90 分钟</translation>
    </message>
    <message>
        <source>over 90 min</source>
        <translation>90 分钟以上</translation>
    </message>
    <message>
        <source>No school reachable</source>
        <translation>无法到达任何学校</translation>
    </message>
    <message>
        <source>Grades 1–3 walking time to the nearest school; greens are within 30 minutes</source>
        <translation>一至三年级步行至最近学校的时间；绿色表示在30分钟以内</translation>
    </message>
    <message>
        <source>Township boundary</source>
        <translation>乡镇界</translation>
    </message>
    <message>
        <source>River</source>
        <translation>河流</translation>
    </message>
    <message>
        <source>children per cell</source>
        <translation>名儿童/网格</translation>
    </message>
    <message>
        <source>Catchment of one school</source>
        <translation>一所学校的服务范围</translation>
    </message>
    <message>
        <source>Selected school&apos;s catchment</source>
        <translation>所选学校的服务范围</translation>
    </message>
    <message>
        <source>Neighbouring catchments have different colours</source>
        <translation>相邻服务范围以不同颜色区分</translation>
    </message>
    <message>
        <source>Enrolment zone of one school</source>
        <translation>一所学校的招生片区</translation>
    </message>
    <message>
        <source>Zone chosen in the table</source>
        <translation>表中选中的片区</translation>
    </message>
    <message>
        <source>Village boundary</source>
        <translation>村界</translation>
    </message>
    <message>
        <source>Neighbouring zones have different colours</source>
        <translation>相邻片区颜色不同</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Open a project to begin.</source>
        <translation>请打开一个项目开始工作。</translation>
    </message>
    <message>
        <source>This is a fault of SchoolPlan. Its details were written to {log}: please send that file with a report.</source>
        <translation>这是 SchoolPlan 自身的故障，详细信息已写入 {log}：请将该文件随问题报告一并发送。</translation>
    </message>
    <message>
        <source>SchoolPlan</source>
        <translation>学校布局规划</translation>
    </message>
    <message>
        <source>SchoolPlan — {name}</source>
        <translation>学校布局规划 — {name}</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>School details</source>
        <translation>学校详情</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>规划</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>均衡评估</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import county data…</source>
        <translation>导入县域数据(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Local &amp;base map</source>
        <translation>本地底图(&amp;B)</translation>
    </message>
    <message>
        <source>Tile &amp;folder…</source>
        <translation>瓦片文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;MBTiles file…</source>
        <translation>MBTiles 文件(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;None (the project&apos;s own layers)</source>
        <translation>无（使用项目自带图层）(&amp;N)</translation>
    </message>
    <message>
        <source>Townships</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Enrolment forecast</source>
        <translation>学位预测</translation>
    </message>
    <message>
        <source>County plan</source>
        <translation>布局规划</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>方案比较</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Run analysis</source>
        <translation>运行分析(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel analysis</source>
        <translation>取消分析(&amp;C)</translation>
    </message>
    <message>
        <source>Enrolment &amp;forecast…</source>
        <translation>学位预测(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Planning</source>
        <translation>规划(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Suggest changes</source>
        <translation>提出调整建议(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New scenario…</source>
        <translation>新建方案(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Compare the scenario with the baseline</source>
        <translation>将方案与现状对比(&amp;C)</translation>
    </message>
    <message>
        <source>Enrolment &amp;zones…</source>
        <translation>招生划片(&amp;Z)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Whole county</source>
        <translation>全县(&amp;W)</translation>
    </message>
    <message>
        <source>Show the whole county on the map (Home)</source>
        <translation>在地图上显示全县（Home 键）</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Rules in force…</source>
        <translation>现行规则(&amp;R)…</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>The translation for {language} is missing.</source>
        <translation>缺少 {language} 的翻译文件。</translation>
    </message>
    <message>
        <source>{name}: {schools} schools, {cells} populated cells</source>
        <translation>{name}：{schools} 所学校，{cells} 个有人口的网格</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation>正在分析…</translation>
    </message>
    <message>
        <source>Rules loaded from {path}.</source>
        <translation>已从 {path} 载入规则。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>The results cannot be shown.</source>
        <translation>无法显示结果。</translation>
    </message>
    <message>
        <source>Failed; the previous results are kept.</source>
        <translation>失败，保留上次的结果。</translation>
    </message>
    <message>
        <source>Cancelled; the previous results are kept.</source>
        <translation>已取消，保留上次的结果。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Analysis done.</source>
        <translation>分析完成。</translation>
    </message>
    <message>
        <source>Analysis failed.</source>
        <translation>分析失败。</translation>
    </message>
    <message>
        <source>Analysis cancelled; the previous results are kept.</source>
        <translation>分析已取消，保留上次的结果。</translation>
    </message>
    <message>
        <source>Analysing the forecast year {year}…</source>
        <translation>正在分析预测年份{year}年…</translation>
    </message>
    <message>
        <source>The map and the figures show the forecast year {year}.</source>
        <translation>地图和指标显示预测年份{year}年。</translation>
    </message>
    <message>
        <source>Looking for suggestions…</source>
        <translation>正在生成调整建议…</translation>
    </message>
    <message>
        <source>Evaluating the scenario…</source>
        <translation>正在评估方案…</translation>
    </message>
    <message>
        <source>Assessing the balance of the scenario…</source>
        <translation>正在评估方案的均衡状况…</translation>
    </message>
    <message>
        <source>Making the standards plan…</source>
        <translation>正在制定优质均衡达标方案…</translation>
    </message>
    <message>
        <source>The standards plan was cancelled; nothing changed.</source>
        <translation>已取消达标方案，未作任何更改。</translation>
    </message>
    <message>
        <source>The standards plan could not be made.</source>
        <translation>未能制定达标方案。</translation>
    </message>
    <message>
        <source>Forecasting the enrolment…</source>
        <translation>正在预测学位…</translation>
    </message>
    <message>
        <source>Forecast done.</source>
        <translation>预测完成。</translation>
    </message>
    <message>
        <source>The forecast failed; the previous results are kept.</source>
        <translation>预测失败，保留上次的结果。</translation>
    </message>
    <message>
        <source>Forecast cancelled; the previous results are kept.</source>
        <translation>预测已取消，保留上次的结果。</translation>
    </message>
    <message>
        <source>The forecast&apos;s files have errors; nothing was changed.</source>
        <translation>预测所用文件有错误，未作任何更改。</translation>
    </message>
    <message>
        <source>Planning the county&apos;s schools…</source>
        <translation>正在编制全县学校布局规划…</translation>
    </message>
    <message>
        <source>County plan done.</source>
        <translation>布局规划已完成。</translation>
    </message>
    <message>
        <source>The plan failed; the previous results are kept.</source>
        <translation>规划失败，保留上次的结果。</translation>
    </message>
    <message>
        <source>Plan cancelled; the previous results are kept.</source>
        <translation>规划已取消，保留上次的结果。</translation>
    </message>
    <message>
        <source>Comparing budgets for the plan…</source>
        <translation>正在比较不同预算下的规划…</translation>
    </message>
    <message>
        <source>Budgets compared.</source>
        <translation>预算比较完成。</translation>
    </message>
    <message>
        <source>The budgets could not be compared; the plan is kept.</source>
        <translation>无法比较预算，规划保留。</translation>
    </message>
    <message>
        <source>Budgets not compared (cancelled); the plan is kept.</source>
        <translation>预算比较已取消，规划保留。</translation>
    </message>
    <message>
        <source>School layout planning · loading the map…</source>
        <translation>学校布局规划 · 正在载入地图…</translation>
    </message>
    <message>
        <source>The standards plan is saved as scenario {name}; File → Save writes it.</source>
        <translation>达标方案已存为方案“{name}”；“文件 → 保存”写入项目文件。</translation>
    </message>
    <message>
        <source>Drawing the enrolment zones…</source>
        <translation>正在划分招生片区…</translation>
    </message>
    <message>
        <source>The enrolment zones are drawn.</source>
        <translation>招生片区已划定。</translation>
    </message>
    <message>
        <source>The enrolment zones could not be drawn.</source>
        <translation>未能划定招生片区。</translation>
    </message>
    <message>
        <source>The enrolment zones were cancelled; nothing changed.</source>
        <translation>招生划片已取消，未作任何更改。</translation>
    </message>
    <message>
        <source>The enrolment zones were written to {folder}.</source>
        <translation>招生片区文件已写入 {folder}。</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>The map is off.</source>
        <translation>地图未启用。</translation>
    </message>
    <message>
        <source>The map cannot be drawn.</source>
        <translation>无法绘制地图。</translation>
    </message>
    <message>
        <source>The scenario cannot be shown on the map: {message}</source>
        <translation>无法在地图上显示该方案：{message}</translation>
    </message>
    <message>
        <source>The base map {path} does not exist.</source>
        <translation>底图 {path} 不存在。</translation>
    </message>
    <message>
        <source>Choose a tile folder ({z}/{x}/{y}.png)</source>
        <translation>选择瓦片文件夹（{z}/{x}/{y}.png）</translation>
    </message>
    <message>
        <source>Choose an MBTiles file</source>
        <translation>选择 MBTiles 文件</translation>
    </message>
    <message>
        <source>MBTiles (*.mbtiles)</source>
        <translation>MBTiles 文件 (*.mbtiles)</translation>
    </message>
    <message>
        <source>The map is closed.</source>
        <translation>地图已关闭。</translation>
    </message>
</context>
<context>
    <name>NewSchoolDialog</name>
    <message>
        <source>New school</source>
        <translation>新建学校</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Primary seats</source>
        <translation>小学学位</translation>
    </message>
    <message>
        <source>Junior seats</source>
        <translation>初中学位</translation>
    </message>
    <message>
        <source>Boarding beds</source>
        <translation>住宿床位</translation>
    </message>
    <message>
        <source>Give the school a name.</source>
        <translation>请填写学校名称。</translation>
    </message>
    <message>
        <source>Give the school some seats.</source>
        <translation>请填写学位数。</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <source>new teaching point</source>
        <translation>新建教学点</translation>
    </message>
    <message>
        <source>new school</source>
        <translation>新建学校</translation>
    </message>
    <message>
        <source>new boarding school</source>
        <translation>新建寄宿制学校</translation>
    </message>
    <message>
        <source>add classrooms</source>
        <translation>扩建教室</translation>
    </message>
    <message>
        <source>becomes a boarding school</source>
        <translation>改为寄宿制学校</translation>
    </message>
    <message>
        <source>add boarding beds</source>
        <translation>增加床位</translation>
    </message>
    <message>
        <source>keep as teaching point</source>
        <translation>保留为教学点</translation>
    </message>
    <message>
        <source>close</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>time limit reached</source>
        <translation>达到时间上限</translation>
    </message>
    <message>
        <source>solution limit reached</source>
        <translation>已到解数上限</translation>
    </message>
    <message>
        <source>iteration limit reached</source>
        <translation>已到迭代上限</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>year and action</source>
        <translation>年份与措施</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>学位</translation>
    </message>
    <message>
        <source>beds</source>
        <translation>床位</translation>
    </message>
    <message>
        <source>capital (万元)</source>
        <translation>投资（万元）</translation>
    </message>
    <message>
        <source>The plan is in the project as the scenarios {first} … {last}; save the project to keep them.</source>
        <translation>规划已作为方案 {first} … {last} 加入项目；保存项目即可保留。</translation>
    </message>
    <message>
        <source>Total budget</source>
        <translation>总预算</translation>
    </message>
    <message>
        <source>Budget per year</source>
        <translation>每年预算</translation>
    </message>
    <message>
        <source>Children of the years ahead: forecast from the project&apos;s children with the rules&apos; migration. Make a forecast in the Enrolment forecast dock to plan with its births and enrolment history.</source>
        <translation>规划年份的学生：按项目现有儿童和规则中的流动比例预测。先在“学位预测”面板中预测，即可按其出生和历年在校生数据规划。</translation>
    </message>
    <message>
        <source>Children of the years ahead: forecast as in the Enrolment forecast dock ({files}).</source>
        <translation>规划年份的学生：按“学位预测”面板的预测（{files}）。</translation>
    </message>
    <message>
        <source>no births or history files</source>
        <translation>无出生或历年在校生文件</translation>
    </message>
    <message>
        <source>The plan cannot be made: {message}</source>
        <translation>无法编制规划：{message}</translation>
    </message>
    <message>
        <source>The budgets were not compared (cancelled).</source>
        <translation>预算比较已取消。</translation>
    </message>
    <message>
        <source>The budgets cannot be compared: {message}</source>
        <translation>无法比较预算：{message}</translation>
    </message>
    <message>
        <source>Comparing budgets…</source>
        <translation>正在比较预算…</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>正在规划…</translation>
    </message>
    <message>
        <source>{count} actions</source>
        <translation>{count} 项措施</translation>
    </message>
    <message>
        <source>Not found: the worth of each action was not asked for.</source>
        <translation>未计算：未选择“各项措施的作用”。</translation>
    </message>
    <message>
        <source>What the plan loses without this action: {value} ({term}).</source>
        <translation>没有这项措施，规划损失：{value}（{term}）。</translation>
    </message>
    <message>
        <source>{term}: plan {value}, proven lower bound {bound}, gap {gap} % ({status})</source>
        <translation>{term}：规划 {value}，已证明的下界 {bound}，差距 {gap} %（{status}）</translation>
    </message>
    <message>
        <source>The proven lower bound: no plan within these rules and budgets can do better.</source>
        <translation>已证明的下界：在这些规则和预算之内，任何规划都不会优于此值。</translation>
    </message>
    <message>
        <source>Run the plan to see its actions year by year.</source>
        <translation>运行规划，查看逐年措施。</translation>
    </message>
    <message>
        <source>{count} actions in {first}–{last}; capital {capital} 万元 ({budget}).</source>
        <translation>{first}–{last} 年共 {count} 项措施；投资 {capital} 万元（{budget}）。</translation>
    </message>
    <message>
        <source>no total budget</source>
        <translation>不限总预算</translation>
    </message>
    <message>
        <source>total budget {budget} 万元</source>
        <translation>总预算 {budget} 万元</translation>
    </message>
    <message>
        <source>No budgets compared (Budgets on the chart: none).</source>
        <translation>未比较预算（图中预算数：无）。</translation>
    </message>
    <message>
        <source>The plan takes no action: there is nothing to compare.</source>
        <translation>规划没有任何措施，无可比较。</translation>
    </message>
    <message>
        <source>The budgets were not compared.</source>
        <translation>未比较预算。</translation>
    </message>
    <message>
        <source>merge into another school</source>
        <translation>并入他校</translation>
    </message>
    <message>
        <source>Grades 1–3 beyond the walking rule (child-years)</source>
        <translation>超出步行时限的一至三年级儿童（人·年）</translation>
    </message>
    <message>
        <source>Pupils without a seat or a bed (pupil-years)</source>
        <translation>无学位或无床位的学生（人·年）</translation>
    </message>
    <message>
        <source>Pupils beyond the large-class lines (pupil-years)</source>
        <translation>大班额超出的学生（人·年）</translation>
    </message>
    <message>
        <source>Time on the way to school (thousand pupil-minutes)</source>
        <translation>上学路途总时间（千人·分钟）</translation>
    </message>
    <message>
        <source>Capital and change of running cost (万元)</source>
        <translation>投资与运行经费变化（万元）</translation>
    </message>
    <message>
        <source>Weighted objective</source>
        <translation>加权目标</translation>
    </message>
    <message>
        <source>proven optimal</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <source>loss without it</source>
        <translation>取消此项的损失</translation>
    </message>
    <message>
        <source>Run the plan to see what each budget buys.</source>
        <translation>运行规划，查看不同预算下规划的效果。</translation>
    </message>
    <message>
        <source>Drawing the chart…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <source>The chart cannot be drawn: {message}</source>
        <translation>无法绘制图表：{message}</translation>
    </message>
    <message>
        <source>Click an action to see why it is taken and where it is on the map.</source>
        <translation>点击一项措施，查看理由及其在地图上的位置。</translation>
    </message>
    <message>
        <source>running cost {change} 万元 a year</source>
        <translation>每年运行费用 {change} 万元</translation>
    </message>
    <message>
        <source>{children} children affected</source>
        <translation>涉及 {children} 名学生</translation>
    </message>
    <message>
        <source>Years</source>
        <translation>规划年份</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Weighted (default weights)</source>
        <translation>加权（默认权重）</translation>
    </message>
    <message>
        <source>In order of priority</source>
        <translation>按优先顺序</translation>
    </message>
    <message>
        <source>Weighted: the terms priced in 万元 and summed; in order: each term at its best, then the next</source>
        <translation>加权：各项折算为万元后相加；按顺序：先使前一项最优，再优化下一项</translation>
    </message>
    <message>
        <source>Drag the terms, or use the arrows, to put them in order of priority</source>
        <translation>拖动各项或用箭头调整优先顺序</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>求解时限</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Seconds the solver may take for the plan; the gap says how close it got</source>
        <translation>求解规划可用的秒数；差距表示结果与最优的接近程度</translation>
    </message>
    <message>
        <source>Worth of each action</source>
        <translation>各项措施的作用</translation>
    </message>
    <message>
        <source>Also find what the plan loses without each action (takes longer)</source>
        <translation>同时计算去掉每项措施后规划的损失（耗时更长）</translation>
    </message>
    <message>
        <source>Budgets on the chart</source>
        <translation>图中预算数</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The plan made again for this many budgets from 0 to its own</source>
        <translation>在 0 到本规划预算之间按此数目的预算重新编制规划</translation>
    </message>
    <message>
        <source>Run plan</source>
        <translation>运行规划</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save as scenarios</source>
        <translation>保存为方案</translation>
    </message>
    <message>
        <source>Add the state after each year to the project as the scenarios plan-YEAR, to compare them</source>
        <translation>把每年措施实施后的状态作为方案 plan-年份 加入项目，以便比较</translation>
    </message>
    <message>
        <source>Actions by year</source>
        <translation>逐年措施</translation>
    </message>
    <message>
        <source>What money buys</source>
        <translation>投入与效果</translation>
    </message>
</context>
<context>
    <name>Planning</name>
    <message>
        <source>close</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>keep as teaching point</source>
        <translation>保留为教学点</translation>
    </message>
    <message>
        <source>new day school</source>
        <translation>新建走读学校</translation>
    </message>
    <message>
        <source>new boarding school</source>
        <translation>新建寄宿制学校</translation>
    </message>
    <message>
        <source>grades 1–3</source>
        <translation>一至三年级</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>junior</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>boarding</source>
        <translation>寄宿</translation>
    </message>
    <message>
        <source>children</source>
        <translation>儿童数</translation>
    </message>
    <message>
        <source>share within the rule</source>
        <translation>符合通行时间标准的比例</translation>
    </message>
    <message>
        <source>children beyond the rule</source>
        <translation>超出通行时间标准的儿童数</translation>
    </message>
    <message>
        <source>mean trip (min)</source>
        <translation>平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>95th percentile trip (min)</source>
        <translation>95%分位通行时间（分钟）</translation>
    </message>
    <message>
        <source>longest trip (min)</source>
        <translation>最长通行时间（分钟）</translation>
    </message>
    <message>
        <source>children not placed</source>
        <translation>未能安排学位的儿童数</translation>
    </message>
    <message>
        <source>mean assigned trip (min)</source>
        <translation>按学位分配后的平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>学位</translation>
    </message>
    <message>
        <source>pupils who must board</source>
        <translation>需寄宿学生数</translation>
    </message>
    <message>
        <source>schools over capacity</source>
        <translation>学位不足的学校数</translation>
    </message>
    <message>
        <source>children without a seat</source>
        <translation>无学位儿童数</translation>
    </message>
    <message>
        <source>large classes</source>
        <translation>大班额班级数</translation>
    </message>
    <message>
        <source>very large classes</source>
        <translation>超大班额班级数</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总数</translation>
    </message>
    <message>
        <source>small schools</source>
        <translation>小规模学校数</translation>
    </message>
    <message>
        <source>beds</source>
        <translation>床位</translation>
    </message>
    <message>
        <source>beds needed</source>
        <translation>所需床位</translation>
    </message>
    <message>
        <source>beds short</source>
        <translation>床位缺口</translation>
    </message>
    <message>
        <source>schools below the quality standards</source>
        <translation>未达到优质均衡标准的学校数</translation>
    </message>
    <message>
        <source>classes over the standard size</source>
        <translation>班额超标班级数</translation>
    </message>
    <message>
        <source>large classes (recorded classes)</source>
        <translation>大班额班级数（按现有班级）</translation>
    </message>
    <message>
        <source>very large classes (recorded classes)</source>
        <translation>超大班额班级数（按现有班级）</translation>
    </message>
    <message>
        <source>beds short of the recorded boarders</source>
        <translation>现有寄宿生床位缺口</translation>
    </message>
    <message>
        <source>schools over the size cap</source>
        <translation>超过办学规模上限的学校数</translation>
    </message>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>action</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>level</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>children affected</source>
        <translation>受影响儿童数</translation>
    </message>
    <message>
        <source>mean trip before → after (min)</source>
        <translation>平均通行时间 调整前 → 调整后（分钟）</translation>
    </message>
    <message>
        <source>worst trip after (min)</source>
        <translation>调整后最长通行时间（分钟）</translation>
    </message>
    <message>
        <source>new boarders</source>
        <translation>新增寄宿生</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>teaching and auxiliary floor area {n} m²</source>
        <translation>教学及辅助用房 {n} m²</translation>
    </message>
    <message>
        <source>sports ground {n} m²</source>
        <translation>体育运动场地 {n} m²</translation>
    </message>
    <message>
        <source>teaching equipment worth {n} yuan</source>
        <translation>教学仪器设备 {n} 元</translation>
    </message>
    <message>
        <source>networked multimedia classrooms: {n}</source>
        <translation>网络多媒体教室 {n} 间</translation>
    </message>
    <message>
        <source>teachers: {n}</source>
        <translation>教师 {n} 人</translation>
    </message>
    <message>
        <source>teachers above the required qualification: {n}</source>
        <translation>高于规定学历教师 {n} 人</translation>
    </message>
    <message>
        <source>key teachers: {n}</source>
        <translation>骨干教师 {n} 人</translation>
    </message>
    <message>
        <source>PE and arts teachers: {n}</source>
        <translation>体育、艺术专任教师 {n} 人</translation>
    </message>
    <message>
        <source>{level}, {method}: {indicator}</source>
        <translation>{level}，{method}：{indicator}</translation>
    </message>
    <message>
        <source>{level}: {metric}</source>
        <translation>{level}：{metric}</translation>
    </message>
    <message>
        <source>Close {school}</source>
        <translation>撤销{school}</translation>
    </message>
    <message>
        <source>Merge {schools} into {school}</source>
        <translation>将{schools}并入{school}</translation>
    </message>
    <message>
        <source>, named {name}</source>
        <translation>，更名为{name}</translation>
    </message>
    <message>
        <source>Open {kind} {name} ({code}) at x {x}, y {y}: {primary} primary seats, {junior} junior seats, {beds} beds</source>
        <translation>在 x {x}、y {y} 新建{kind}{name}（{code}）：小学学位{primary}个，初中学位{junior}个，床位{beds}张</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>Set the seats of {school}: primary {primary}, junior {junior}</source>
        <translation>调整{school}的学位：小学{primary}，初中{junior}</translation>
    </message>
    <message>
        <source>Make {school} a boarding school with {beds} beds</source>
        <translation>将{school}改为寄宿制学校，床位{beds}张</translation>
    </message>
    <message>
        <source>{school} teaches grades {first}–{last}</source>
        <translation>{school}改为开设{first}至{last}年级</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>add {what}</source>
        <translation>增加{what}</translation>
    </message>
    <message>
        <source>take away {what}</source>
        <translation>减少{what}</translation>
    </message>
    <message>
        <source>{school}: {changes}</source>
        <translation>{school}：{changes}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>ProjectFiles</name>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Projects (*.gpkg)</source>
        <translation>项目文件 (*.gpkg)</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>The project cannot be opened.</source>
        <translation>无法打开该项目。</translation>
    </message>
    <message>
        <source>The project cannot be saved.</source>
        <translation>无法保存该项目。</translation>
    </message>
    <message>
        <source>SchoolPlan</source>
        <translation>学校布局规划</translation>
    </message>
    <message>
        <source>{path} was changed by another program since you opened it.</source>
        <translation>{path} 在您打开之后已被其他程序修改。</translation>
    </message>
    <message>
        <source>Nothing was saved. Reload it to see those changes (your changes since the last save are lost), or save your version under another name.</source>
        <translation>尚未保存任何内容。可以重新载入以查看这些修改（上次保存以来您所做的修改将丢失），或将您的版本另存为其他文件名。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Clear the list</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RuleSources</name>
    <message>
        <source>DOMAIN notes: ages 12-14 = 3/5 of the 10-14 band</source>
        <translation>领域说明：12–14岁 = 10–14岁年龄组的3/5</translation>
    </message>
    <message>
        <source>DOMAIN notes: ages 6-11 = 4/5 of the 5-9 band + 2/5 of the 10-14 band</source>
        <translation>领域说明：6–11岁 = 5–9岁年龄组的4/5 + 10–14岁年龄组的2/5</translation>
    </message>
    <message>
        <source>DOMAIN notes: school entry at 6, uniform within the cohort</source>
        <translation>领域说明：6岁入学，年龄组内各岁均匀分布</translation>
    </message>
    <message>
        <source>GB 50137-2011 城市用地分类与规划建设用地标准: 65-115 m² of urban construction land per person, about 10,000 people per km²</source>
        <translation>《城市用地分类与规划建设用地标准》（GB 50137-2011）：人均城市建设用地65–115平方米，约每平方公里1万人</translation>
    </message>
    <message>
        <source>NBS statistical communiqués: births 2020 12.02 M, 2024 9.54 M; (9.54 / 12.02)^(1/4) - 1 = -5.6 % a year</source>
        <translation>国家统计局统计公报：出生人口2020年1202万，2024年954万；(9.54 / 12.02)^(1/4) − 1 = 每年−5.6%</translation>
    </message>
    <message>
        <source>NBS statistical communiqués: births 2021 10.62 M, 2024 9.54 M; (9.54 / 10.62)^(1/3) - 1 = -3.5 % a year</source>
        <translation>国家统计局统计公报：出生人口2021年1062万，2024年954万；(9.54 / 10.62)^(1/3) − 1 = 每年−3.5%</translation>
    </message>
    <message>
        <source>NBS statistical communiqués: births 2022 9.56 M, 2024 9.54 M, about level; births held at the last known year</source>
        <translation>国家统计局统计公报：出生人口2022年956万，2024年954万，基本持平；出生人口保持最后已知年份的水平</translation>
    </message>
    <message>
        <source>Tobler (1993) hiking function, direction-aware</source>
        <translation>托布勒徒步函数（1993年），区分上坡和下坡</translation>
    </message>
    <message>
        <source>assumed county default: a teaching point for fewer children is not viable</source>
        <translation>假定的县级默认值：儿童少于此数时设教学点不可行</translation>
    </message>
    <message>
        <source>assumed county default: boarders travel home weekly by bus or motorbike</source>
        <translation>假定的县级默认值：寄宿生每周乘客车或摩托车回家</translation>
    </message>
    <message>
        <source>assumed county default: no child is sent further than this</source>
        <translation>假定的县级默认值：不安排儿童到超过此时间的学校</translation>
    </message>
    <message>
        <source>assumed default, county to set: 1,500 yuan a year per pupil carried by school transport</source>
        <translation>假定默认值，由县里确定：每名乘坐校车的学生每年1500元</translation>
    </message>
    <message>
        <source>assumed default, county to set: 10,000 yuan per teacher trained into a kind the school lacks (转岗培训 for PE and arts, 学历提升, 骨干教师培养)</source>
        <translation>假定默认值，由县里确定：每培训一名学校紧缺类别的教师1万元（体育艺术转岗培训、学历提升、骨干教师培养）</translation>
    </message>
    <message>
        <source>assumed default, county to set: 100 万元 for the kitchen, canteen and dormitory services of a new boarding school</source>
        <translation>假定默认值，由县里确定：新寄宿制学校的厨房、食堂和宿舍配套设施100万元</translation>
    </message>
    <message>
        <source>assumed default, county to set: 100,000 yuan a year of salary and social insurance per teacher</source>
        <translation>假定默认值，由县里确定：每名教师每年工资和社会保险10万元</translation>
    </message>
    <message>
        <source>assumed default, county to set: 20,000 yuan per teacher moved (posting allowance and housing, 周转宿舍), the disruption of an exchange</source>
        <translation>假定默认值，由县里确定：每调动一名教师2万元（交流补贴和周转宿舍），即交流轮岗的代价</translation>
    </message>
    <message>
        <source>assumed default, county to set: 3,000 yuan per m² of school building, construction and fit-out</source>
        <translation>假定默认值，由县里确定：校舍每平方米3000元（含建设和装修）</translation>
    </message>
    <message>
        <source>assumed default, county to set: 30,000 yuan per networked multimedia classroom (interactive display, computer, network point)</source>
        <translation>假定默认值，由县里确定：每间网络多媒体教室3万元（交互式显示屏、计算机、网络接入点）</translation>
    </message>
    <message>
        <source>assumed default, county to set: 300 yuan per m² of sports ground laid (levelled, drained, synthetic surface)</source>
        <translation>假定默认值，由县里确定：运动场地每平方米300元（平整、排水、塑胶面层）</translation>
    </message>
    <message>
        <source>assumed default, county to set: 45 pupils × 6 m² of teaching and auxiliary space per pupil = 270 m² (at 0.30 万元 per m², 81 万元 a classroom)</source>
        <translation>假定默认值，由县里确定：45名学生 × 生均6平方米教学及辅助用房 = 270平方米（按每平方米0.30万元计，每间教室81万元）</translation>
    </message>
    <message>
        <source>assumed default, county to set: 500 yuan per m² of a closed school&apos;s floor area reused, for example as a kindergarten (闲置校舍改建幼儿园)</source>
        <translation>假定默认值，由县里确定：撤并学校的校舍再利用按每平方米500元计，例如闲置校舍改建幼儿园</translation>
    </message>
    <message>
        <source>assumed default, county to set: 500 万元 for the land, grounds, gate and utilities of a new school site</source>
        <translation>假定默认值，由县里确定：新校址的土地、场地、校门和水电等配套500万元</translation>
    </message>
    <message>
        <source>assumed default, county to set: 8 m² of dormitory and canteen per boarding bed (at 0.30 万元 per m², 2.4 万元 a bed)</source>
        <translation>假定默认值，由县里确定：每个寄宿床位8平方米宿舍和食堂（按每平方米0.30万元计，每床2.4万元）</translation>
    </message>
    <message>
        <source>assumed default, county to set: a hired teacher counted for five years of teacher_per_year, one planning period</source>
        <translation>假定默认值，由县里确定：新聘教师按五年的每名教师年费用计，即一个规划期</translation>
    </message>
    <message>
        <source>assumed default, county to set: a small school is funded as if it had 100 pupils, 100 × 650 yuan of public funds (公用经费) = 6.5 万元, plus about 3.5 万元 of upkeep</source>
        <translation>假定默认值，由县里确定：小规模学校按100人核定公用经费，100 × 650元 = 6.5万元，另加约3.5万元维护费</translation>
    </message>
    <message>
        <source>assumed default, county to set: a teacher&apos;s new school within an hour of the old one</source>
        <translation>假定默认值，由县里确定：教师交流的新学校距原学校一小时以内</translation>
    </message>
    <message>
        <source>assumed default, county to set: every boarder counted, an upper estimate (the subsidy is for boarders from poor families; set the county&apos;s share)</source>
        <translation>假定默认值，由县里确定：按全部寄宿生计算，为上限估计（补助面向家庭经济困难寄宿生；请设定本县比例）</translation>
    </message>
    <message>
        <source>assumed default, county to set: one teacher in ten a year on a retraining course (转岗培训), at least one per school</source>
        <translation>假定默认值，由县里确定：每年十分之一的教师参加转岗培训，每校至少一人</translation>
    </message>
    <message>
        <source>assumed default, county to set: teachers travel by car or motorbike</source>
        <translation>假定默认值，由县里确定：教师乘汽车或摩托车出行</translation>
    </message>
    <message>
        <source>assumed default, county to set: two teachers per class</source>
        <translation>假定默认值，由县里确定：每班两名教师</translation>
    </message>
    <message>
        <source>assumed default, county to set: village small schools and teaching points staffed by a class-teacher ratio (班师比) of 1:1.7; provinces set their own</source>
        <translation>假定默认值，由县里确定：村小规模学校和教学点按班师比1:1.7核定编制；各省另有规定的从其规定</translation>
    </message>
    <message>
        <source>assumed: a plan proposes a handful of new schools at a time</source>
        <translation>假定：一次规划只提出少量新建学校</translation>
    </message>
    <message>
        <source>assumed: enough candidates for a county; raise it for a finer search</source>
        <translation>假定：对一个县足够的候选点；需要更细的搜索时调高</translation>
    </message>
    <message>
        <source>assumed: the precision of township boundary files and school coordinates</source>
        <translation>假定：乡镇边界文件和学校坐标的精度</translation>
    </message>
    <message>
        <source>children walk at roughly 3.5-4 km/h on level ground (DOMAIN notes)</source>
        <translation>儿童在平地上步行速度约每小时3.5–4公里（领域说明）</translation>
    </message>
    <message>
        <source>county default (no national figure): junior pupils may ride or board; set by the county</source>
        <translation>县级默认值（国家无统一规定）：初中学生可乘车或寄宿；由县里确定</translation>
    </message>
    <message>
        <source>county to set: assumed, children drift to the county seat (随迁子女); measure it from two or more years of enrolment by grade</source>
        <translation>由县里确定：假定儿童向县城流动（随迁子女）；可用两年及以上的分年级在校生数测算</translation>
    </message>
    <message>
        <source>county to set: assumed, township seats keep their children (those leaving for the county seat replaced from the villages)</source>
        <translation>由县里确定：假定乡镇驻地儿童数保持不变（流向县城的由来自村里的儿童补充）</translation>
    </message>
    <message>
        <source>county to set: assumed, village cohorts shrink by families moving to the towns and the county seat</source>
        <translation>由县里确定：假定村里的适龄儿童因家庭迁往集镇和县城而减少</translation>
    </message>
    <message>
        <source>quality-balance rules: about 2,000 pupils (check the provincial rule)</source>
        <translation>优质均衡规定：约2000人（请核对本省规定）</translation>
    </message>
    <message>
        <source>quality-balance rules: about 2,500 pupils for a nine-year school</source>
        <translation>优质均衡规定：九年一贯制学校约2500人</translation>
    </message>
    <message>
        <source>some provinces leave out teaching points under 50 pupils; set 50 to do so</source>
        <translation>部分省份不计50人以下的教学点；如需如此，设为50</translation>
    </message>
    <message>
        <source>standard class size, junior secondary &lt;= 50 pupils</source>
        <translation>标准班额：初中每班不超过50人</translation>
    </message>
    <message>
        <source>standard class size, primary &lt;= 45 pupils</source>
        <translation>标准班额：小学每班不超过45人</translation>
    </message>
    <message>
        <source>中央编办 教育部 财政部《关于统一城乡中小学教职工编制标准的通知》(中央编办发〔2014〕72号): primary 1:19</source>
        <translation>中央编办 教育部 财政部《关于统一城乡中小学教职工编制标准的通知》（中央编办发〔2014〕72号）：小学教职工与学生比1:19</translation>
    </message>
    <message>
        <source>中央编办发〔2014〕72号: junior secondary 1:13.5</source>
        <translation>中央编办发〔2014〕72号：初中教职工与学生比1:13.5</translation>
    </message>
    <message>
        <source>义务教育法 (Compulsory Education Law) art. 11: school entry at six</source>
        <translation>《中华人民共和国义务教育法》第十一条：年满六周岁入学</translation>
    </message>
    <message>
        <source>乡村小规模学校 threshold (100 pupils), used as the least viable size of a new school</source>
        <translation>乡村小规模学校标准（100人），用作新建学校的最小可行规模</translation>
    </message>
    <message>
        <source>乡村小规模学校: fewer than 100 pupils</source>
        <translation>乡村小规模学校：不足100人</translation>
    </message>
    <message>
        <source>县域义务教育优质均衡发展督导评估办法 (教督〔2017〕6号): each coefficient, primary &lt;= 0.50</source>
        <translation>县域义务教育优质均衡发展督导评估办法（教督〔2017〕6号）：小学各项差异系数不高于0.50</translation>
    </message>
    <message>
        <source>县域义务教育均衡发展督导评估暂行办法 (教督〔2012〕3号): composite coefficient, primary &lt;= 0.65</source>
        <translation>县域义务教育均衡发展督导评估暂行办法（教督〔2012〕3号）：小学综合差异系数不高于0.65</translation>
    </message>
    <message>
        <source>国办发〔2018〕27号: day-school trip generally within 30 minutes</source>
        <translation>国办发〔2018〕27号：走读学生单程上学时间一般不超过30分钟</translation>
    </message>
    <message>
        <source>国务院办公厅关于全面加强乡村小规模学校和乡镇寄宿制学校建设的指导意见 (国办发〔2018〕27号)</source>
        <translation>国务院办公厅关于全面加强乡村小规模学校和乡镇寄宿制学校建设的指导意见（国办发〔2018〕27号）</translation>
    </message>
    <message>
        <source>国家义务教育家庭经济困难寄宿生生活补助: 1,000 yuan a year per primary boarder since 2019 (county to set the share)</source>
        <translation>国家义务教育家庭经济困难寄宿生生活补助：自2019年起小学寄宿生每生每年1000元（享受比例由县里确定）</translation>
    </message>
    <message>
        <source>国家义务教育家庭经济困难寄宿生生活补助: 1,250 yuan a year per junior boarder since 2019 (county to set the share)</source>
        <translation>国家义务教育家庭经济困难寄宿生生活补助：自2019年起初中寄宿生每生每年1250元（享受比例由县里确定）</translation>
    </message>
    <message>
        <source>大班额: 56 or more pupils in a class</source>
        <translation>大班额：每班56人及以上</translation>
    </message>
    <message>
        <source>教师〔2014〕4号: at least 20% of the teachers exchanged are key teachers (骨干教师)</source>
        <translation>教师〔2014〕4号：骨干教师不低于交流轮岗教师总数的20%</translation>
    </message>
    <message>
        <source>教督〔2012〕3号: composite coefficient, junior secondary &lt;= 0.55</source>
        <translation>教督〔2012〕3号：初中综合差异系数不高于0.55</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: PE and arts teachers per 100 pupils</source>
        <translation>教督〔2017〕6号：每百名学生拥有体育、艺术专任教师数</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: at least six of the seven indicators</source>
        <translation>教督〔2017〕6号：七项指标中至少六项达到要求</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: county-level or higher key teachers per 100 pupils</source>
        <translation>教督〔2017〕6号：每百名学生拥有县级及以上骨干教师数</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: each coefficient, junior secondary &lt;= 0.45</source>
        <translation>教督〔2017〕6号：初中各项差异系数不高于0.45</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: networked multimedia classrooms per 100 pupils</source>
        <translation>教督〔2017〕6号：每百名学生拥有网络多媒体教室数</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: sports ground area per pupil (m²)</source>
        <translation>教督〔2017〕6号：生均体育运动场馆面积（平方米）</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: teachers above the required qualification per 100 pupils</source>
        <translation>教督〔2017〕6号：每百名学生拥有高于规定学历教师数</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: teaching and auxiliary floor area per pupil (m²)</source>
        <translation>教督〔2017〕6号：生均教学及辅助用房面积（平方米）</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: teaching equipment value per pupil (yuan)</source>
        <translation>教督〔2017〕6号：生均教学仪器设备值（元）</translation>
    </message>
    <message>
        <source>教督〔2017〕6号: the others at least 85% of the standard</source>
        <translation>教督〔2017〕6号：其余指标达到要求的85%以上</translation>
    </message>
    <message>
        <source>教育部 财政部 人力资源社会保障部《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》(教师〔2014〕4号): about 10% of eligible teachers a year</source>
        <translation>教育部 财政部 人力资源社会保障部《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》（教师〔2014〕4号）：每年交流轮岗教师约占符合条件教师总数的10%</translation>
    </message>
    <message>
        <source>超大班额: 66 or more pupils in a class</source>
        <translation>超大班额：每班66人及以上</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>pupils</source>
        <translation>人</translation>
    </message>
    <message>
        <source>children</source>
        <translation>人</translation>
    </message>
    <message>
        <source>share (1 = 100%)</source>
        <translation>比例（1 = 100%）</translation>
    </message>
    <message>
        <source>share a year</source>
        <translation>每年比例</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>公里/小时</translation>
    </message>
    <message>
        <source>schools</source>
        <translation>所</translation>
    </message>
    <message>
        <source>10,000 yuan</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>10,000 yuan a year</source>
        <translation>万元/年</translation>
    </message>
    <message>
        <source>10,000 yuan per m²</source>
        <translation>万元/平方米</translation>
    </message>
    <message>
        <source>m²</source>
        <translation>平方米</translation>
    </message>
    <message>
        <source>coefficient</source>
        <translation>差异系数</translation>
    </message>
    <message>
        <source>10,000 yuan per teacher</source>
        <translation>万元/人</translation>
    </message>
    <message>
        <source>Grades 1–3: longest one-way trip to school</source>
        <translation>一至三年级：单程上学时间上限</translation>
    </message>
    <message>
        <source>Grades 1–3 as a share of primary-age children</source>
        <translation>一至三年级占小学适龄儿童的比例</translation>
    </message>
    <message>
        <source>Primary: how pupils travel</source>
        <translation>小学：出行方式</translation>
    </message>
    <message>
        <source>Primary: longest trip to school</source>
        <translation>小学：上学时间上限</translation>
    </message>
    <message>
        <source>Primary: standard class size</source>
        <translation>小学：标准班额</translation>
    </message>
    <message>
        <source>Primary: largest school</source>
        <translation>小学：办学规模上限</translation>
    </message>
    <message>
        <source>Junior secondary: how pupils travel</source>
        <translation>初中：出行方式</translation>
    </message>
    <message>
        <source>Junior secondary: longest trip to school</source>
        <translation>初中：上学时间上限</translation>
    </message>
    <message>
        <source>Junior secondary: standard class size</source>
        <translation>初中：标准班额</translation>
    </message>
    <message>
        <source>Junior secondary: largest school</source>
        <translation>初中：办学规模上限</translation>
    </message>
    <message>
        <source>Large class: pupils in a class, from</source>
        <translation>大班额：每班人数下限</translation>
    </message>
    <message>
        <source>Very large class: pupils in a class, from</source>
        <translation>超大班额：每班人数下限</translation>
    </message>
    <message>
        <source>Small rural school: fewer pupils than</source>
        <translation>乡村小规模学校：在校生少于</translation>
    </message>
    <message>
        <source>Nine-year school: largest school</source>
        <translation>九年一贯制学校：办学规模上限</translation>
    </message>
    <message>
        <source>Children&apos;s walking speed on level ground</source>
        <translation>儿童平地步行速度</translation>
    </message>
    <message>
        <source>How slope slows walking</source>
        <translation>坡度对步行速度的影响</translation>
    </message>
    <message>
        <source>Longest trip to an assigned school</source>
        <translation>分配学校的最长上学时间</translation>
    </message>
    <message>
        <source>Nearest schools a child may be assigned to</source>
        <translation>每名儿童可分配的最近学校数</translation>
    </message>
    <message>
        <source>New teaching point: grades 1–3 children brought within the limit, at least</source>
        <translation>新设教学点：至少使多少名一至三年级儿童达到上学时间标准</translation>
    </message>
    <message>
        <source>New boarding school: pupils served, at least</source>
        <translation>新建寄宿制学校：至少服务的学生数</translation>
    </message>
    <message>
        <source>Populated grid cells tried as sites of new schools</source>
        <translation>作为新建学校候选点的有人口网格数</translation>
    </message>
    <message>
        <source>cells</source>
        <translation>个网格</translation>
    </message>
    <message>
        <source>New schools suggested of one kind per level, at most</source>
        <translation>每学段每类最多建议新建学校数</translation>
    </message>
    <message>
        <source>How boarders travel home each week</source>
        <translation>寄宿生每周回家的出行方式</translation>
    </message>
    <message>
        <source>Basic balance: primary composite coefficient, at most</source>
        <translation>基本均衡：小学综合差异系数上限</translation>
    </message>
    <message>
        <source>Basic balance: junior secondary composite coefficient, at most</source>
        <translation>基本均衡：初中综合差异系数上限</translation>
    </message>
    <message>
        <source>Quality balance: each primary coefficient, at most</source>
        <translation>优质均衡：小学各项差异系数上限</translation>
    </message>
    <message>
        <source>Quality balance: each junior secondary coefficient, at most</source>
        <translation>优质均衡：初中各项差异系数上限</translation>
    </message>
    <message>
        <source>Quality balance: standards each school meets, at least</source>
        <translation>优质均衡：每校至少达标项数</translation>
    </message>
    <message>
        <source>of the 7 standards</source>
        <translation>项（共7项）</translation>
    </message>
    <message>
        <source>Quality balance: the other standards reached to at least</source>
        <translation>优质均衡：其余指标至少达到标准的比例</translation>
    </message>
    <message>
        <source>Teaching points left out of the coefficients: fewer pupils than (0: none)</source>
        <translation>不计入差异系数的教学点：在校生少于（0：不排除）</translation>
    </message>
    <message>
        <source>Import: a school this far outside the township boundaries is kept</source>
        <translation>导入：学校在乡镇边界外此距离以内仍予接受</translation>
    </message>
    <message>
        <source>metres</source>
        <translation>米</translation>
    </message>
    <message>
        <source>Age at school entry</source>
        <translation>入学年龄</translation>
    </message>
    <message>
        <source>years</source>
        <translation>岁</translation>
    </message>
    <message>
        <source>People per km² of a place&apos;s built-up area</source>
        <translation>居民点建成区人口密度</translation>
    </message>
    <message>
        <source>people per km²</source>
        <translation>人/平方公里</translation>
    </message>
    <message>
        <source>Yearly net migration of school-age children: county seat</source>
        <translation>适龄儿童年净迁移率：县城</translation>
    </message>
    <message>
        <source>Yearly net migration of school-age children: township seats</source>
        <translation>适龄儿童年净迁移率：乡镇驻地</translation>
    </message>
    <message>
        <source>Yearly net migration of school-age children: villages</source>
        <translation>适龄儿童年净迁移率：村</translation>
    </message>
    <message>
        <source>Yearly change of births after the last known year: low variant</source>
        <translation>最后已知年份之后出生人口年变化率：低方案</translation>
    </message>
    <message>
        <source>Yearly change of births after the last known year: medium variant</source>
        <translation>最后已知年份之后出生人口年变化率：中方案</translation>
    </message>
    <message>
        <source>Yearly change of births after the last known year: high variant</source>
        <translation>最后已知年份之后出生人口年变化率：高方案</translation>
    </message>
    <message>
        <source>School building, built and fitted out</source>
        <translation>校舍建设单价（含装修）</translation>
    </message>
    <message>
        <source>Building per classroom added</source>
        <translation>每新增一间教室的建筑面积</translation>
    </message>
    <message>
        <source>Dormitory and canteen per boarding bed</source>
        <translation>每个寄宿床位的宿舍和食堂面积</translation>
    </message>
    <message>
        <source>A new school site (land, grounds, gate, utilities)</source>
        <translation>新校址（土地、场地、校门、水电）</translation>
    </message>
    <message>
        <source>Making a day school a boarding school (besides the beds)</source>
        <translation>走读学校改为寄宿制学校（床位另计）</translation>
    </message>
    <message>
        <source>Running cost of a school open</source>
        <translation>每所在办学校的运行费用</translation>
    </message>
    <message>
        <source>Cost of a teacher</source>
        <translation>每名教师的费用</translation>
    </message>
    <message>
        <source>Teachers per class</source>
        <translation>每班教师数</translation>
    </message>
    <message>
        <source>teachers</source>
        <translation>人</translation>
    </message>
    <message>
        <source>School transport per pupil carried</source>
        <translation>每名乘车学生的校车费用</translation>
    </message>
    <message>
        <source>Living subsidy per primary boarder</source>
        <translation>小学寄宿生生活补助（每人）</translation>
    </message>
    <message>
        <source>Living subsidy per junior secondary boarder</source>
        <translation>初中寄宿生生活补助（每人）</translation>
    </message>
    <message>
        <source>Share of boarders given the subsidy</source>
        <translation>享受补助的寄宿生比例</translation>
    </message>
    <message>
        <source>Worth of a closed school&apos;s floor area reused</source>
        <translation>撤并学校校舍再利用的价值</translation>
    </message>
    <message>
        <source>Sports ground laid</source>
        <translation>铺设运动场地</translation>
    </message>
    <message>
        <source>Networked multimedia classroom fitted out</source>
        <translation>配备一间网络多媒体教室</translation>
    </message>
    <message>
        <source>10,000 yuan per room</source>
        <translation>万元/间</translation>
    </message>
    <message>
        <source>Teacher hired by the standards plan: years of a teacher&apos;s cost counted</source>
        <translation>达标方案新聘教师：计入的教师年费用年数</translation>
    </message>
    <message>
        <source>years of cost</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Teacher moved to another school (exchange)</source>
        <translation>调动一名教师到其他学校（交流轮岗）</translation>
    </message>
    <message>
        <source>Teacher trained into a kind the school lacks</source>
        <translation>培训一名学校紧缺类别的教师</translation>
    </message>
    <message>
        <source>Primary: pupils per staff post</source>
        <translation>小学：每个教职工编制对应的学生数</translation>
    </message>
    <message>
        <source>Junior secondary: pupils per staff post</source>
        <translation>初中：每个教职工编制对应的学生数</translation>
    </message>
    <message>
        <source>Small school or teaching point: staff posts per class</source>
        <translation>小规模学校或教学点：每班教职工编制数</translation>
    </message>
    <message>
        <source>posts per class</source>
        <translation>个编制/班</translation>
    </message>
    <message>
        <source>Teacher exchange: a school&apos;s teachers moved in a year, at most</source>
        <translation>交流轮岗：每校每年交流教师比例上限</translation>
    </message>
    <message>
        <source>Teacher exchange: key teachers among the teachers moved, at least</source>
        <translation>交流轮岗：交流教师中骨干教师比例下限</translation>
    </message>
    <message>
        <source>Teacher exchange: longest trip from the old school to the new one</source>
        <translation>交流轮岗：原学校到新学校的路程时间上限</translation>
    </message>
    <message>
        <source>Teacher exchange: how teachers travel</source>
        <translation>交流轮岗：教师出行方式</translation>
    </message>
    <message>
        <source>Retraining: a school&apos;s teachers trained in a year, at most (at least one)</source>
        <translation>转岗培训：每校每年培训教师比例上限（每校至少一人）</translation>
    </message>
    <message>
        <source>Walking</source>
        <translation>步行</translation>
    </message>
    <message>
        <source>By vehicle</source>
        <translation>乘车</translation>
    </message>
    <message>
        <source>county roads</source>
        <translation>县道</translation>
    </message>
    <message>
        <source>township roads</source>
        <translation>乡道</translation>
    </message>
    <message>
        <source>village roads</source>
        <translation>村道</translation>
    </message>
    <message>
        <source>paths</source>
        <translation>小路</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Junior secondary</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>per 100 pupils</source>
        <translation>每百名学生</translation>
    </message>
    <message>
        <source>teachers above the required qualification</source>
        <translation>高于规定学历教师数</translation>
    </message>
    <message>
        <source>county-level or higher key teachers</source>
        <translation>县级及以上骨干教师数</translation>
    </message>
    <message>
        <source>PE and arts teachers</source>
        <translation>体育、艺术专任教师数</translation>
    </message>
    <message>
        <source>teaching and auxiliary floor area per pupil</source>
        <translation>生均教学及辅助用房面积</translation>
    </message>
    <message>
        <source>m² per pupil</source>
        <translation>平方米/生</translation>
    </message>
    <message>
        <source>sports ground area per pupil</source>
        <translation>生均体育运动场馆面积</translation>
    </message>
    <message>
        <source>teaching equipment per pupil</source>
        <translation>生均教学仪器设备值</translation>
    </message>
    <message>
        <source>yuan per pupil</source>
        <translation>元/生</translation>
    </message>
    <message>
        <source>networked multimedia classrooms</source>
        <translation>网络多媒体教室数</translation>
    </message>
    <message>
        <source>{mode}: speed on {road}</source>
        <translation>{mode}：{road}上的速度</translation>
    </message>
    <message>
        <source>{mode}: slope slows travel on {road}</source>
        <translation>{mode}：{road}计入坡度减速</translation>
    </message>
    <message>
        <source>{mode}: speed off the road (to the nearest road)</source>
        <translation>{mode}：道路以外（至最近道路）的速度</translation>
    </message>
    <message>
        <source>{mode}: name of the way of travel</source>
        <translation>{mode}：出行方式名称</translation>
    </message>
    <message>
        <source>{level} standard: {standard}</source>
        <translation>{level}标准：{standard}</translation>
    </message>
    <message>
        <source>{level} age: share of the ages {first}–{last} counted</source>
        <translation>{level}适龄儿童：计入{first}–{last}岁年龄组的比例</translation>
    </message>
    <message>
        <source>walking</source>
        <translation>步行</translation>
    </message>
    <message>
        <source>by vehicle</source>
        <translation>乘车</translation>
    </message>
    <message>
        <source>Tobler&apos;s hiking function</source>
        <translation>托布勒徒步函数</translation>
    </message>
    <message>
        <source>motorised (school bus, motorbike, ride)</source>
        <translation>机动（校车、摩托车、搭车）</translation>
    </message>
    <message>
        <source>Load a rules file</source>
        <translation>载入规则文件</translation>
    </message>
    <message>
        <source>Rules files (*.toml)</source>
        <translation>规则文件 (*.toml)</translation>
    </message>
    <message>
        <source>The rules file cannot be read.</source>
        <translation>无法读取标准规则文件。</translation>
    </message>
    <message>
        <source>No rules are in force: the rules file cannot be read.</source>
        <translation>没有生效的规则：无法读取规则文件。</translation>
    </message>
    <message>
        <source>Rules file: {path}</source>
        <translation>规则文件：{path}</translation>
    </message>
    <message>
        <source>Rules in force</source>
        <translation>现行规则</translation>
    </message>
    <message>
        <source>Load another rules file…</source>
        <translation>载入其他规则文件…</translation>
    </message>
    <message>
        <source>Use the default rules</source>
        <translation>使用默认规则</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <source>Click the map where the new school should be.</source>
        <translation>请在地图上点击新学校的位置。</translation>
    </message>
    <message>
        <source>New scenario</source>
        <translation>新建方案</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Rename scenario</source>
        <translation>重命名方案</translation>
    </message>
    <message>
        <source>The edit cannot be made.</source>
        <translation>无法进行此项调整。</translation>
    </message>
    <message>
        <source>New school</source>
        <translation>新学校</translation>
    </message>
    <message>
        <source>The scenario cannot be evaluated: {message}</source>
        <translation>无法评估方案：{message}</translation>
    </message>
    <message>
        <source>Travel</source>
        <extracomment>The three tables of the dock, side by side, and which figures each shows (by the figure&apos;s name).</extracomment>
        <translation>上学路程</translation>
    </message>
    <message>
        <source>Seats, schools and classes</source>
        <translation>学位、学校和班额</translation>
    </message>
    <message>
        <source>Balance and boarding</source>
        <translation>均衡与寄宿</translation>
    </message>
    <message>
        <source>{level} · {method} (coefficient)</source>
        <translation>{level} · {method}（差异系数）</translation>
    </message>
    <message>
        <source>Select a scenario and compare it with the baseline.</source>
        <translation>请选择一个方案，与现状进行对比。</translation>
    </message>
    <message>
        <source>Scenario {name} compared with the baseline</source>
        <translation>方案“{name}”与现状的对比</translation>
    </message>
    <message>
        <source>Beside the baseline on the map</source>
        <translation>在地图上与现状并排对比</translation>
    </message>
    <message>
        <source>Drag the divider on the map: the baseline on its left, the scenario on its right</source>
        <translation>拖动地图上的分隔线：左侧为现状，右侧为方案</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Close selected school</source>
        <translation>撤销所选学校</translation>
    </message>
    <message>
        <source>Close the school selected on the map or in the school table</source>
        <translation>撤销在地图或学校表中选中的学校</translation>
    </message>
    <message>
        <source>Place new school</source>
        <translation>放置新学校</translation>
    </message>
    <message>
        <source>Click the map where the new school should be</source>
        <translation>在地图上点击新学校的位置</translation>
    </message>
    <message>
        <source>Remove edit</source>
        <translation>删除调整</translation>
    </message>
    <message>
        <source>Compare with the baseline</source>
        <translation>与现状对比</translation>
    </message>
</context>
<context>
    <name>SchoolDetails</name>
    <message>
        <source>primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>junior secondary school</source>
        <translation>初级中学</translation>
    </message>
    <message>
        <source>nine-year school</source>
        <translation>九年一贯制学校</translation>
    </message>
    <message>
        <source>teaching point</source>
        <translation>教学点</translation>
    </message>
    <message>
        <source>Pupils</source>
        <translation>在校生</translation>
    </message>
    <message>
        <source>Primary pupils</source>
        <translation>小学在校生</translation>
    </message>
    <message>
        <source>Junior pupils</source>
        <translation>初中在校生</translation>
    </message>
    <message>
        <source>Primary places</source>
        <translation>小学学位</translation>
    </message>
    <message>
        <source>Junior places</source>
        <translation>初中学位</translation>
    </message>
    <message>
        <source>Primary utilisation</source>
        <translation>小学学位使用率</translation>
    </message>
    <message>
        <source>Junior utilisation</source>
        <translation>初中学位使用率</translation>
    </message>
    <message>
        <source>Primary children in catchment</source>
        <translation>服务范围内小学适龄儿童</translation>
    </message>
    <message>
        <source>Junior children in catchment</source>
        <translation>服务范围内初中适龄少年</translation>
    </message>
    <message>
        <source>Primary mean trip (min)</source>
        <translation>小学平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>Junior mean trip (min)</source>
        <translation>初中平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>Primary mean class size</source>
        <translation>小学平均班额</translation>
    </message>
    <message>
        <source>Junior mean class size</source>
        <translation>初中平均班额</translation>
    </message>
    <message>
        <source>Teachers</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Boarders</source>
        <translation>住校生</translation>
    </message>
    <message>
        <source>Boarding beds</source>
        <translation>住宿床位</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Boarding school</source>
        <translation>寄宿制学校</translation>
    </message>
    <message>
        <source>Click a school on the map or in the table.</source>
        <translation>在地图或表格中点击一所学校。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Flags:</source>
        <translation>提示：</translation>
    </message>
    <message>
        <source>Overcrowded</source>
        <translation>学位不足</translation>
    </message>
    <message>
        <source>Under 100 pupils</source>
        <translation>在校生不足100人</translation>
    </message>
    <message>
        <source>Teaching point</source>
        <translation>教学点</translation>
    </message>
    <message>
        <source>Boarding</source>
        <translation>寄宿制</translation>
    </message>
    <message>
        <source>Classes over the standard size</source>
        <translation>班额超过标准</translation>
    </message>
    <message>
        <source>Large classes (56 or more)</source>
        <translation>大班额（56人及以上）</translation>
    </message>
    <message>
        <source>Very large classes (66 or more)</source>
        <translation>超大班额（66人及以上）</translation>
    </message>
    <message>
        <source>Over the size cap</source>
        <translation>超过办学规模上限</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>SchoolTable</name>
    <message>
        <source>Code</source>
        <translation>学校代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>学校名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Pupils</source>
        <translation>在校生</translation>
    </message>
    <message>
        <source>Primary utilisation</source>
        <translation>小学学位使用率</translation>
    </message>
    <message>
        <source>Junior utilisation</source>
        <translation>初中学位使用率</translation>
    </message>
    <message>
        <source>Primary children in catchment</source>
        <translation>服务范围内小学适龄儿童</translation>
    </message>
    <message>
        <source>Primary mean trip (min)</source>
        <translation>小学平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>Primary mean class size</source>
        <translation>小学平均班额</translation>
    </message>
    <message>
        <source>Junior mean class size</source>
        <translation>初中平均班额</translation>
    </message>
    <message>
        <source>Under 100 pupils</source>
        <translation>不足100人</translation>
    </message>
    <message>
        <source>Large classes (56 or more)</source>
        <translation>有大班额（56人及以上）</translation>
    </message>
    <message>
        <source>Search schools by name or code</source>
        <translation>按名称或代码搜索学校</translation>
    </message>
</context>
<context>
    <name>SchoolsPage</name>
    <message>
        <source>The schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Check the columns SchoolPlan found and where the schools fall; change the mapping if needed.</source>
        <translation>检查 SchoolPlan 识别出的列和学校的位置；如有需要请修改列的对应关系。</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>First rows of the file:</source>
        <translation>文件的前几行：</translation>
    </message>
    <message>
        <source>Columns for SchoolPlan&apos;s fields:</source>
        <translation>SchoolPlan 各字段对应的列：</translation>
    </message>
    <message>
        <source>Findings so far:</source>
        <translation>目前发现的问题：</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>文件：{path}</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>none (not text)</source>
        <translation>无（非文本文件）</translation>
    </message>
    <message>
        <source>Encoding: {encoding}</source>
        <translation>编码：{encoding}</translation>
    </message>
    <message>
        <source>(not in the file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <source>{schools} schools read; {errors} errors, {warnings} warnings so far</source>
        <translation>已读取 {schools} 所学校；目前 {errors} 个错误，{warnings} 个警告</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>The rules file cannot be read.</source>
        <translation>无法读取标准规则文件。</translation>
    </message>
</context>
<context>
    <name>StandardsPlan</name>
    <message>
        <source>teaching and auxiliary floor area</source>
        <translation>加建教学及辅助用房</translation>
    </message>
    <message>
        <source>sports ground</source>
        <translation>新建体育运动场地</translation>
    </message>
    <message>
        <source>teaching equipment</source>
        <translation>购置教学仪器设备</translation>
    </message>
    <message>
        <source>networked multimedia classrooms</source>
        <translation>配备网络多媒体教室</translation>
    </message>
    <message>
        <source>hire teachers above the required qualification</source>
        <translation>招聘高于规定学历教师</translation>
    </message>
    <message>
        <source>hire key teachers</source>
        <translation>引进骨干教师</translation>
    </message>
    <message>
        <source>hire PE and arts teachers</source>
        <translation>招聘体育、艺术专任教师</translation>
    </message>
    <message>
        <source>train teachers to above the required qualification</source>
        <translation>教师学历提升培训</translation>
    </message>
    <message>
        <source>train teachers into key teachers</source>
        <translation>骨干教师培养</translation>
    </message>
    <message>
        <source>retrain teachers for PE and arts</source>
        <translation>体育、艺术教师转岗培训</translation>
    </message>
    <message>
        <source>{n} m²</source>
        <translation>{n} m²</translation>
    </message>
    <message>
        <source>{n} yuan</source>
        <translation>{n} 元</translation>
    </message>
    <message>
        <source>{n} rooms</source>
        <translation>{n} 间</translation>
    </message>
    <message>
        <source>{n} teachers</source>
        <translation>{n} 人</translation>
    </message>
    <message>
        <source>teachers above the required qualification</source>
        <translation>高于规定学历教师</translation>
    </message>
    <message>
        <source>key teachers</source>
        <translation>骨干教师</translation>
    </message>
    <message>
        <source>PE and arts teachers</source>
        <translation>体育、艺术专任教师</translation>
    </message>
    <message>
        <source>proven optimal</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <source>time limit reached</source>
        <translation>达到时间上限</translation>
    </message>
    <message>
        <source>within the gap asked</source>
        <translation>已达到要求的间隙</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>investment</source>
        <translation>投入项目</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>cost (万元)</source>
        <translation>费用（万元）</translation>
    </message>
    <message>
        <source>from</source>
        <translation>交流出校</translation>
    </message>
    <message>
        <source>to</source>
        <translation>交流入校</translation>
    </message>
    <message>
        <source>teachers of the kind</source>
        <translation>教师类别</translation>
    </message>
    <message>
        <source>teachers</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>trip (min)</source>
        <translation>路程（分钟）</translation>
    </message>
    <message>
        <source>level</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>coefficient before</source>
        <translation>调整前差异系数</translation>
    </message>
    <message>
        <source>coefficient after</source>
        <translation>调整后差异系数</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>schools meeting, before → after</source>
        <translation>达标学校数（前 → 后）</translation>
    </message>
</context>
<context>
    <name>StandardsPlanDialog</name>
    <message>
        <source>Spare land of schools</source>
        <translation>学校可用场地</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx);;All files (*)</source>
        <translation>表格 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Budget: {value} is not a number. Give the budget in 万元, e.g. 5000, or leave it empty.</source>
        <translation>预算：“{value}”不是数字。请以万元填写预算，例如 5000，或留空。</translation>
    </message>
    <message>
        <source>Budget: {value} is below zero. Give 0 or more 万元, or leave it empty to reach every target at the least cost.</source>
        <translation>预算：{value} 小于零。请填写 0 或更多万元，或留空以最低费用达到全部目标。</translation>
    </message>
    <message>
        <source>Spare land: the file {path} does not exist. Choose the file again, or leave it empty.</source>
        <translation>可用场地：文件 {path} 不存在。请重新选择文件，或留空。</translation>
    </message>
    <message>
        <source>Standards plan</source>
        <translation>优质均衡达标方案</translation>
    </message>
    <message>
        <source>The cheapest investments and teacher transfers that bring every school and the county up to the quality-balance standards, planned on {what}.</source>
        <translation>以最低投入和教师交流轮岗使每所学校和全县达到优质均衡标准，基于{what}制定。</translation>
    </message>
    <message>
        <source>the baseline</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>scenario {name}</source>
        <translation>方案“{name}”</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>none: every target at the least cost</source>
        <translation>不限：以最低费用达到全部目标</translation>
    </message>
    <message>
        <source>Empty: the least cost that reaches every target; a figure: the most targets within it</source>
        <translation>留空：求达到全部目标的最低费用；填写金额：求该预算内能达到的最多目标</translation>
    </message>
    <message>
        <source>Staff posts</source>
        <translation>编制数</translation>
    </message>
    <message>
        <source>By the norm ({posts})</source>
        <translation>按编制标准（{posts}）</translation>
    </message>
    <message>
        <source>A figure</source>
        <translation>指定数值</translation>
    </message>
    <message>
        <source>The norm: one post per {primary} primary or {junior} junior pupils (small schools by class); teachers now: {staff}.</source>
        <translation>编制标准：小学教职工与学生比 1:{primary}，初中 1:{junior}（小规模学校按班师比核定）；现有教师 {staff} 人。</translation>
    </message>
    <message>
        <source>Spare land</source>
        <translation>可用场地</translation>
    </message>
    <message>
        <source>no file: no limit to the sports ground added</source>
        <translation>不选文件：新建运动场地不受用地限制</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Allow teacher transfers between schools (交流轮岗)</source>
        <translation>允许校际教师交流轮岗</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>交流轮岗</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>求解时限</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Make the plan</source>
        <translation>制定方案</translation>
    </message>
</context>
<context>
    <name>StandardsPlanView</name>
    <message>
        <source>Save as scenario</source>
        <translation>存为方案</translation>
    </message>
    <message>
        <source>Name of the scenario:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <source>standards plan</source>
        <translation>达标方案</translation>
    </message>
    <message>
        <source>No standards plan made yet.</source>
        <translation>尚未制定达标方案。</translation>
    </message>
    <message>
        <source>the baseline</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>scenario {name}</source>
        <translation>方案“{name}”</translation>
    </message>
    <message>
        <source>{where}, pupils of {year}</source>
        <translation>{where}，{year} 年学生数</translation>
    </message>
    <message>
        <source>Standards plan on {where}</source>
        <translation>基于{where}的优质均衡达标方案</translation>
    </message>
    <message>
        <source>Cost {cost} 万元 within the budget of {budget} 万元: {reached} of {total} targets reached; no plan within the budget reaches more than {bound} (proven), gap {gap} % ({status}).</source>
        <translation>费用 {cost} 万元（预算 {budget} 万元）：{total} 项目标中达到 {reached} 项；已证明该预算内任何方案都不超过 {bound} 项，间隙 {gap} %（{status}）。</translation>
    </message>
    <message>
        <source>Cost {cost} 万元; no plan reaching every target costs less than {bound} 万元 (proven), gap {gap} % ({status}). Targets reached: {reached} of {total}.</source>
        <translation>费用 {cost} 万元；已证明达到全部目标的方案费用不低于 {bound} 万元，间隙 {gap} %（{status}）。达到目标：{reached} / {total} 项。</translation>
    </message>
    <message>
        <source>{level}: {before} → {after} schools meet the rule</source>
        <translation>{level}：达标学校 {before} → {after} 所</translation>
    </message>
    <message>
        <source>Teachers hired: {hired} (staff {staff} for {posts} posts); {moved} transferred; {investments} investments at {schools} schools.</source>
        <translation>新招聘教师 {hired} 人（现有教师 {staff} 人，编制 {posts} 个）；交流轮岗 {moved} 人；投入项目 {investments} 项，涉及 {schools} 所学校。</translation>
    </message>
    <message>
        <source>Schools meeting the rule (six of seven, the rest at 85 %)</source>
        <translation>达标学校（七项中六项达标，其余不低于 85%）</translation>
    </message>
    <message>
        <source>No notes.</source>
        <translation>无说明。</translation>
    </message>
    <message>
        <source>Standards plan</source>
        <translation>优质均衡达标方案</translation>
    </message>
    <message>
        <source>Investments</source>
        <translation>投入项目</translation>
    </message>
    <message>
        <source>Teacher transfers</source>
        <translation>教师交流轮岗</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Whole plan on the map</source>
        <translation>在地图上显示整个方案</translation>
    </message>
    <message>
        <source>Save as scenario…</source>
        <translation>存为方案…</translation>
    </message>
    <message>
        <source>Add the plan to the project as a scenario (the resources it adds, school by school)</source>
        <translation>将达标方案作为方案加入项目（逐校增加的办学资源）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SuggestionPanel</name>
    <message>
        <source>The suggestions failed: {message}</source>
        <translation>生成调整建议失败：{message}</translation>
    </message>
    <message>
        <source>Run the analysis, then ask for suggestions.</source>
        <translation>请先运行分析，再生成调整建议。</translation>
    </message>
    <message>
        <source>{count} suggestions</source>
        <translation>共{count}条建议</translation>
    </message>
    <message>
        <source>Select a suggestion to see why it is made.</source>
        <translation>选择一条建议以查看理由。</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>生成建议</translation>
    </message>
    <message>
        <source>Suggest closures, mergers and new schools from the analysis</source>
        <translation>根据分析结果提出撤并和新建学校的建议</translation>
    </message>
    <message>
        <source>Apply as scenario</source>
        <translation>作为方案采用</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TownshipSummary</name>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童数</translation>
    </message>
    <message>
        <source>Grades 1–3 within the rule</source>
        <translation>一至三年级：符合通行时间标准的比例</translation>
    </message>
    <message>
        <source>Grades 1–3 mean trip (min)</source>
        <translation>一至三年级：平均通行时间（分钟）</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校数</translation>
    </message>
    <message>
        <source>Over-full schools</source>
        <translation>超员学校数</translation>
    </message>
</context>
<context>
    <name>Zones</name>
    <message>
        <source>Primary</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Junior secondary</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>junior secondary school</source>
        <translation>初级中学</translation>
    </message>
    <message>
        <source>nine-year school</source>
        <translation>九年一贯制学校</translation>
    </message>
    <message>
        <source>teaching point</source>
        <translation>教学点</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>village</source>
        <translation>村（片区）</translation>
    </message>
    <message>
        <source>township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>children</source>
        <translation>适龄儿童</translation>
    </message>
    <message>
        <source>trip (min)</source>
        <translation>上学时间（分钟）</translation>
    </message>
    <message>
        <source>changed from last year</source>
        <translation>与去年相比有变动</translation>
    </message>
    <message>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>villages</source>
        <translation>村数</translation>
    </message>
    <message>
        <source>most in any year</source>
        <translation>各年最多儿童</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>学位</translation>
    </message>
    <message>
        <source>mean trip (min)</source>
        <translation>平均上学时间（分钟）</translation>
    </message>
    <message>
        <source>grades 4–6 continue at</source>
        <translation>四至六年级升入</translation>
    </message>
    <message>
        <source>proven optimal</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <source>within the gap asked</source>
        <translation>已达到要求的间隙</translation>
    </message>
    <message>
        <source>time limit reached</source>
        <translation>达到时间上限</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>The enrolment zones cannot be drawn: {message}</source>
        <translation>无法划定招生片区：{message}</translation>
    </message>
</context>
<context>
    <name>ZonesDialog</name>
    <message>
        <source>Last year&apos;s zones</source>
        <translation>去年的招生片区</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx);;All files (*)</source>
        <translation>表格 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Village boundaries</source>
        <translation>村界</translation>
    </message>
    <message>
        <source>Map layers (*.gpkg *.shp *.geojson *.json);;All files (*)</source>
        <translation>图层文件 (*.gpkg *.shp *.geojson *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Years: {last} comes before {first}. Give the first year, then a later one.</source>
        <translation>年份：{last} 年早于 {first} 年。请先填起始年份，再填较晚的年份。</translation>
    </message>
    <message>
        <source>{what}: the file {path} does not exist. Choose the file again, or leave it empty.</source>
        <translation>{what}：文件 {path} 不存在。请重新选择文件，或留空。</translation>
    </message>
    <message>
        <source>The children of the years ahead are forecast from the project&apos;s children with the rules&apos; migration; make a forecast in the Enrolment forecast dock to use its births and enrolment history.</source>
        <translation>今后各年的适龄儿童按项目现有儿童和规则中的人口流动预测；如需使用出生数和历年在校生数据，请先在“招生预测”面板中进行预测。</translation>
    </message>
    <message>
        <source>The children of the years ahead are forecast as in the Enrolment forecast dock ({files}).</source>
        <translation>今后各年的适龄儿童按“招生预测”面板的预测（{files}）。</translation>
    </message>
    <message>
        <source>no births or history files</source>
        <translation>无出生或历年在校生文件</translation>
    </message>
    <message>
        <source>Enrolment zones</source>
        <translation>招生划片</translation>
    </message>
    <message>
        <source>Each school&apos;s zone as whole villages in one piece, within the school&apos;s seats, with the least travel; grade 1–3 children kept within 30 minutes&apos; walk wherever the roads allow.</source>
        <translation>每所学校的招生片区由完整的村组成、连成一片、不超过学校学位，上学路程总和最小；在道路条件允许的地方，一至三年级儿童步行上学不超过30分钟。</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>Children of</source>
        <translation>适龄儿童</translation>
    </message>
    <message>
        <source>today</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>a year ahead</source>
        <translation>今后某一年</translation>
    </message>
    <message>
        <source>every year of a range</source>
        <translation>若干年中的每一年</translation>
    </message>
    <message>
        <source>none: the zones are drawn afresh</source>
        <translation>不选：重新划片</translation>
    </message>
    <message>
        <source>A table of village codes and schools (as zones.csv): the zones change as few villages as they can</source>
        <translation>村代码与学校代码对照表（格式同 zones.csv）：划片时尽量少调整村的归属</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>none: each village&apos;s area is built from the place names</source>
        <translation>不选：按地名点生成各村范围</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>求解时限</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
</context>
<context>
    <name>ZonesView</name>
    <message>
        <source>Folder for the enrolment zones&apos; files</source>
        <translation>招生片区文件的保存文件夹</translation>
    </message>
    <message>
        <source>The enrolment zones cannot be written: {message}</source>
        <translation>无法写出招生片区文件：{message}</translation>
    </message>
    <message>
        <source>No enrolment zones drawn yet.</source>
        <translation>尚未划定招生片区。</translation>
    </message>
    <message>
        <source>children of every year {first}–{last}</source>
        <translation>{first}—{last} 年每年的适龄儿童</translation>
    </message>
    <message>
        <source>children of {year}</source>
        <translation>{year} 年适龄儿童</translation>
    </message>
    <message>
        <source>{level} enrolment zones, {when}</source>
        <translation>{level}招生片区（{when}）</translation>
    </message>
    <message>
        <source>villages from the county&apos;s village boundaries</source>
        <translation>村范围取自全县村界</translation>
    </message>
    <message>
        <source>village areas built from the place names (no village boundaries given)</source>
        <translation>村范围由地名点生成（未提供村界）</translation>
    </message>
    <message>
        <source>{zones} zones, {villages} villages, {children} children; {source}.</source>
        <translation>共 {zones} 个片区、{villages} 个村、{children} 名适龄儿童；{source}。</translation>
    </message>
    <message>
        <source>Mean trip {mean} min. Total travel {travel} child-minutes; objective {total} (a grade 1–3 child left beyond 30 minutes whom some school would bring within counts 1,000 child-minutes), no zones score less than {bound} (proven), gap {gap} % ({status}).</source>
        <translation>平均路程 {mean} 分钟。总路程 {travel} 人·分钟；目标值 {total}（每名本可30分钟内步行到校而未能做到的一至三年级儿童计1000人·分钟），任何划片的目标值都不低于 {bound}（已证明），差距 {gap}%（{status}）。</translation>
    </message>
    <message>
        <source>Grade 1–3 children beyond 30 minutes&apos; walk of their zone&apos;s school: {beyond}; {unavoidable} of them have no school within 30 minutes, and any zones leave at least {least} of the others beyond.</source>
        <translation>步行到片区学校超过30分钟的一至三年级儿童：{beyond} 名；其中 {unavoidable} 名30分钟内没有任何学校，其余儿童中任何划片都至少有 {least} 名超过30分钟。</translation>
    </message>
    <message>
        <source>Villages changed from last year&apos;s zones: {changes} (at least {least} had to).</source>
        <translation>与去年相比调整片区的村：{changes} 个（至少需调整 {least} 个）。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No notes.</source>
        <translation>无说明。</translation>
    </message>
    <message>
        <source>Enrolment zones</source>
        <translation>招生划片</translation>
    </message>
    <message>
        <source>Villages by school</source>
        <translation>各校片区村名</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>All zones on the map</source>
        <translation>在地图上显示全部片区</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the zones&apos; table (CSV and Excel), the zones as a GeoPackage and the zone map to a folder</source>
        <translation>将招生片区表（CSV 与 Excel）、片区 GeoPackage 和划片图写入文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
