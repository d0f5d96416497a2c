<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>core</name>
    <message>
        <source>travel times</source>
        <translation>上学时间</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>the road network has {n_pieces} disconnected pieces ({small} nodes outside the largest)</source>
        <translation>路网分为 {n_pieces} 个互不连通的部分（最大部分之外有 {small} 个节点）</translation>
    </message>
    <message>
        <source>building the road graph</source>
        <translation>构建路网</translation>
    </message>
    <message>
        <source>assignment within capacity, {level}</source>
        <translation>按学位容量分配学生：{level}</translation>
    </message>
    <message>
        <source>school {school_id} ({name}) is {offroad:,.0f} m from the nearest road; its pupils&apos; trips include that walk</source>
        <translation>学校 {school_id}（{name}）距最近道路 {offroad:,.0f} 米；其学生的上学时间包含这段步行</translation>
    </message>
    <message>
        <source>travel times, {level} {group}</source>
        <translation>上学时间：{level}{group}</translation>
    </message>
    <message>
        <source>the capacity-aware assignment did not settle after 100 rounds</source>
        <translation>按学位容量的分配经过 100 轮仍未收敛</translation>
    </message>
    <message>
        <source>the capacity-aware assignment could not be solved: {reason}</source>
        <translation>按学位容量的分配无法求解：{reason}</translation>
    </message>
    <message>
        <source>the rules file has no [balance] section</source>
        <translation>规则文件缺少 [balance] 部分</translation>
    </message>
    <message>
        <source>one number of pupils per school is needed ({n_schools})</source>
        <translation>每所学校需要一个学生数（共 {n_schools} 所）</translation>
    </message>
    <message>
        <source>WorldPop ages 0–4 of the population grid</source>
        <translation>人口网格中 WorldPop 的 0–4 岁儿童</translation>
    </message>
    <message>
        <source>enrolment history of the township</source>
        <translation>本乡镇的历年在校生数据</translation>
    </message>
    <message>
        <source>enrolment history of the county</source>
        <translation>全县的历年在校生数据</translation>
    </message>
    <message>
        <source>births of the place</source>
        <translation>本居民点的出生人口</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>平均分配</translation>
    </message>
    <message>
        <source>migration of the settlement class</source>
        <translation>同类居民点的人口迁移</translation>
    </message>
    <message>
        <source>none (migration left out)</source>
        <translation>无（不计人口迁移）</translation>
    </message>
    <message>
        <source>births extrapolated from grade 1</source>
        <translation>由一年级人数外推的出生人口</translation>
    </message>
    <message>
        <source>enrolment history of the township&apos;s settlement class</source>
        <translation>本乡镇同类居民点的历年在校生数据</translation>
    </message>
    <message>
        <source>{source} {share:.0%}</source>
        <translation>{source}占 {share:.0%}</translation>
    </message>
    <message>
        <source>{first}; {then}</source>
        <translation>{first}；{then}</translation>
    </message>
    <message>
        <source>the current year (no enrolment history and no year setting in the project)</source>
        <translation>当前年份（项目既无历年在校生数据，也未设置年份）</translation>
    </message>
    <message>
        <source>no births file: the grade-1 children of {year} per place stand in for the births of {born}</source>
        <translation>无出生人口文件：以各地 {year} 年的一年级儿童数代替 {born} 年的出生人口</translation>
    </message>
    <message>
        <source>{source}: a fifth of each cell&apos;s children aged 0–4 for the births of each year {first}–{last}</source>
        <translation>{source}：以每个网格 0–4 岁儿童的五分之一作为 {first}–{last} 年每年的出生人口</translation>
    </message>
    <message>
        <source>the latest year of the enrolment history ({source})</source>
        <translation>历年在校生数据的最近一年（{source}）</translation>
    </message>
    <message>
        <source>the project&apos;s year setting</source>
        <translation>项目设置的年份</translation>
    </message>
    <message>
        <source>the project has no places: each cell&apos;s births are its own grade-1 children, and with no settlement class a ratio the history does not give is 1 (add the villages and seats as places for more)</source>
        <translation>项目没有居民点：每个网格的出生人口即为其一年级儿童；因无居民点类别，历年数据未给出的比率取 1（添加村庄和乡镇驻地作为居民点可得到更多结果）</translation>
    </message>
    <message>
        <source>births file {source} ({first}–{last})</source>
        <translation>出生人口文件 {source}（{first}–{last}）</translation>
    </message>
    <message>
        <source>births ({first}–{last})</source>
        <translation>出生人口（{first}–{last}）</translation>
    </message>
    <message>
        <source>{label}; the births of {years} extrapolated from the grade-1 children of {year} per place</source>
        <translation>{label}；{years} 年的出生人口由各地 {year} 年的一年级儿童数外推</translation>
    </message>
    <message>
        <source> and {size} more</source>
        <translation>等，另有 {size} 个</translation>
    </message>
    <message>
        <source>{size} place(s) without children on the grid ({named}{more}): their births go to the nearest populated cell</source>
        <translation>{size} 个居民点在网格上没有儿童（{named}{more}）：其出生人口计入最近的有人口网格</translation>
    </message>
    <message>
        <source>{label}; after {last} the {variant} variant ({change:+.1%} a year)</source>
        <translation>{label}；{last} 年之后按{variant}方案（每年 {change:+.1%}）</translation>
    </message>
    <message>
        <source>the project has no places; the forecast needs the villages and seats</source>
        <translation>项目没有居民点；预测需要村庄和乡镇驻地</translation>
    </message>
    <message>
        <source>the births were matched to another project&apos;s places</source>
        <translation>出生人口数据是按另一个项目的居民点匹配的</translation>
    </message>
    <message>
        <source>the enrolment history was matched to another project&apos;s schools</source>
        <translation>历年在校生数据是按另一个项目的学校匹配的</translation>
    </message>
    <message>
        <source>unknown births variant</source>
        <translation>未知的出生人口方案</translation>
    </message>
    <message>
        <source>the forecast must end after its base year {year} ({source})</source>
        <translation>预测须在基准年 {year}（{source}）之后结束</translation>
    </message>
    <message>
        <source>the forecast reaches at most {max_years_ahead} years beyond its base year {year} ({source})</source>
        <translation>预测最多延伸到基准年 {year}（{source}）之后 {max_years_ahead} 年</translation>
    </message>
    <message>
        <source>the births begin in {first}, but the entrants of {year} were born in {born}</source>
        <translation>出生人口数据从 {first} 年开始，但 {year} 年入学的儿童出生于 {born} 年</translation>
    </message>
    <message>
        <source>unknown kind of place</source>
        <translation>未知的居民点类别</translation>
    </message>
    <message>
        <source>the forecast does not cover this year</source>
        <translation>预测不包括这一年</translation>
    </message>
    <message>
        <source>setting is not a year</source>
        <translation>该设置不是年份</translation>
    </message>
    <message>
        <source>import the places (villages, township seats, the county seat) first</source>
        <translation>请先导入居民点（村庄、乡镇驻地、县城）</translation>
    </message>
    <message>
        <source>read them again</source>
        <translation>请重新读取</translation>
    </message>
    <message>
        <source>use one of {birth_variants}</source>
        <translation>请使用以下之一：{birth_variants}</translation>
    </message>
    <message>
        <source>ask for years from {year} on</source>
        <translation>请选择 {year} 年及以后的年份</translation>
    </message>
    <message>
        <source>ask for years up to {year}</source>
        <translation>请选择不晚于 {year} 年的年份</translation>
    </message>
    <message>
        <source>add the births from {born} on, or leave the births file out</source>
        <translation>请补充 {born} 年起的出生人口，或不使用出生人口文件</translation>
    </message>
    <message>
        <source>use one of {settlement_classes}</source>
        <translation>请使用以下之一：{settlement_classes}</translation>
    </message>
    <message>
        <source>choose a year from {first} to {last}</source>
        <translation>请选择 {first} 至 {last} 年之间的年份</translation>
    </message>
    <message>
        <source>history</source>
        <translation>历年数据</translation>
    </message>
    <message>
        <source>write the year of the population&apos;s children, e.g. 2025</source>
        <translation>请填写人口数据中儿童所在的年份，如 2025</translation>
    </message>
    <message>
        <source>unknown field for a &apos;{kind}&apos; edit</source>
        <translation>“{kind}”类调整没有这个字段</translation>
    </message>
    <message>
        <source>a &apos;{kind}&apos; edit needs this field</source>
        <translation>“{kind}”类调整需要这个字段</translation>
    </message>
    <message>
        <source>an edit must be an object with a kind</source>
        <translation>每项调整须为带类别（kind）的对象</translation>
    </message>
    <message>
        <source>unknown kind of edit</source>
        <translation>未知的调整类别</translation>
    </message>
    <message>
        <source>fields: {names}</source>
        <translation>字段：{names}</translation>
    </message>
    <message>
        <source>the edits must be a JSON list</source>
        <translation>调整须为 JSON 列表</translation>
    </message>
    <message>
        <source>use one of {edit_types}</source>
        <translation>请使用以下之一：{edit_types}</translation>
    </message>
    <message>
        <source>a &apos;{kind}&apos; edit has a value of the wrong type ({exc})</source>
        <translation>“{kind}”类调整的某个值类型不对（{exc}）</translation>
    </message>
    <message>
        <source>the edits are not valid JSON ({reason})</source>
        <translation>调整不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}. Nothing was changed</source>
        <translation>无法写入 {path}：{reason}。未做任何更改</translation>
    </message>
    <message>
        <source>{path} changed on disk since it was opened (another program saved it); nothing was written: reload it to see those changes, or save yours under another name</source>
        <translation>{path} 在打开后已被其他程序修改并保存；未写入任何内容：请重新加载以查看这些修改，或将您的修改另存为其他文件名</translation>
    </message>
    <message>
        <source>{path} is being saved by another program; nothing was written: wait for it to finish and try again</source>
        <translation>另一个程序正在保存 {path}；未写入任何内容：请等待其完成后重试</translation>
    </message>
    <message>
        <source>; it needs about {mb} MB</source>
        <translation>；约需 {mb} MB</translation>
    </message>
    <message>
        <source>, {mb} MB free</source>
        <translation>，剩余 {mb} MB</translation>
    </message>
    <message>
        <source>disk full: cannot write {path}{size}{have}; free some space or write to another disk. Nothing was changed</source>
        <translation>磁盘已满：无法写入 {path}{size}{have}；请释放空间或写入其他磁盘。未做任何更改</translation>
    </message>
    <message>
        <source>cannot write {path}: the folder is read-only or you may not write there; choose another folder or ask for write access. Nothing was changed</source>
        <translation>无法写入 {path}：该文件夹为只读或您没有写入权限；请选择其他文件夹或申请写入权限。未做任何更改</translation>
    </message>
    <message>
        <source>children projected</source>
        <translation>儿童数预测完成</translation>
    </message>
    <message>
        <source>forecast done</source>
        <translation>预测完成</translation>
    </message>
    <message>
        <source>{year}: {message}</source>
        <translation>{year} 年：{message}</translation>
    </message>
    <message>
        <source>base year {base_year}: {base_year_source}</source>
        <translation>基准年 {base_year}：{base_year_source}</translation>
    </message>
    <message>
        <source>births: {births_source}</source>
        <translation>出生人口：{births_source}</translation>
    </message>
    <message>
        <source>grades of {base_year}: {split_summary}</source>
        <translation>{base_year} 年各年级：{split_summary}</translation>
    </message>
    <message>
        <source>ratios: {ratio_summary}</source>
        <translation>比率：{ratio_summary}</translation>
    </message>
    <message>
        <source>{year}: children through the assignment</source>
        <translation>{year} 年：分配学生</translation>
    </message>
    <message>
        <source>the forecast was made for other schools than the project&apos;s</source>
        <translation>该预测针对的学校与本项目不同</translation>
    </message>
    <message>
        <source>the target year is before the base year {year} ({source})</source>
        <translation>目标年份早于基准年 {year}（{source}）</translation>
    </message>
    <message>
        <source>no years to forecast</source>
        <translation>没有要预测的年份</translation>
    </message>
    <message>
        <source>the forecast years must come after the base year {year} ({source})</source>
        <translation>预测年份须在基准年 {year}（{source}）之后</translation>
    </message>
    <message>
        <source>the forecast has no such year</source>
        <translation>预测中没有这一年</translation>
    </message>
    <message>
        <source>run the forecast again on this project</source>
        <translation>请对本项目重新运行预测</translation>
    </message>
    <message>
        <source>choose {year} or later</source>
        <translation>请选择 {year} 年或以后</translation>
    </message>
    <message>
        <source>choose a year up to {year}</source>
        <translation>请选择不晚于 {year} 年的年份</translation>
    </message>
    <message>
        <source>ask for years, e.g. 2026-2035</source>
        <translation>请给出年份，如 2026-2035</translation>
    </message>
    <message>
        <source>choosing the project&apos;s coordinate system</source>
        <translation>选择项目坐标系</translation>
    </message>
    <message>
        <source>schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>the population grid</source>
        <translation>人口网格</translation>
    </message>
    <message>
        <source>checking schools against the roads</source>
        <translation>核对学校与道路</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>no point of the data could be read to place the county</source>
        <translation>数据中没有可读取的点，无法确定全县位置</translation>
    </message>
    <message>
        <source>township boundaries</source>
        <translation>乡镇界</translation>
    </message>
    <message>
        <source>the county&apos;s extent is unknown: no boundary, school or road could be read</source>
        <translation>无法确定全县范围：未能读取任何边界、学校或道路</translation>
    </message>
    <message>
        <source>no township boundaries: the whole grid is one township</source>
        <translation>无乡镇界：整个网格视为一个乡镇</translation>
    </message>
    <message>
        <source>population from rasters and from village counts at once</source>
        <translation>同时给出了栅格人口和村级人口数</translation>
    </message>
    <message>
        <source>elevation</source>
        <translation>高程</translation>
    </message>
    <message>
        <source>the population files reach far beyond the schools and roads ({cells:,.0f} million cells); the grid is cut to the schools and roads with 1 km around them</source>
        <translation>人口文件范围远超学校和道路（{cells:,.0f} 百万个网格）；网格裁剪为学校和道路及其周边 1 km</translation>
    </message>
    <message>
        <source>no township boundaries: the grid covers the schools, the roads and the population files</source>
        <translation>无乡镇界：网格覆盖学校、道路和人口文件</translation>
    </message>
    <message>
        <source>{total:,.0f} children of the population files lie outside the county and are not in the project</source>
        <translation>人口文件中有 {total:,.0f} 名儿童位于县界之外，未纳入项目</translation>
    </message>
    <message>
        <source>school is {distance:,.0f} m from the nearest road</source>
        <translation>学校距最近道路 {distance:,.0f} 米</translation>
    </message>
    <message>
        <source>township names of {count} schools replaced by the codes of the township boundaries</source>
        <translation>{count} 所学校的乡镇名称已替换为乡镇界中的代码</translation>
    </message>
    <message>
        <source>{count} schools without a township in the file: each given the township it lies in</source>
        <translation>文件中有 {count} 所学校未填乡镇：已按其所在位置确定乡镇</translation>
    </message>
    <message>
        <source>fix the schools&apos; coordinates or give the project CRS (--crs)</source>
        <translation>请修正学校坐标，或指定项目坐标系（--crs）</translation>
    </message>
    <message>
        <source>give --boundaries to get figures per township</source>
        <translation>请用 --boundaries 给出乡镇界，以得到分乡镇的数据</translation>
    </message>
    <message>
        <source>give either GeoTIFF rasters or one file of village counts</source>
        <translation>请只给出 GeoTIFF 栅格或一个村级人口文件，二者选一</translation>
    </message>
    <message>
        <source>give the township boundaries (--boundaries) to cut the population to the county</source>
        <translation>请给出乡镇界（--boundaries），以将人口裁剪到县域</translation>
    </message>
    <message>
        <source>check the township boundaries cover the county, and the files&apos; area and CRS</source>
        <translation>请检查乡镇界是否覆盖全县，以及各文件的范围和坐标系</translation>
    </message>
    <message>
        <source>school {school_id}</source>
        <translation>学校 {school_id}</translation>
    </message>
    <message>
        <source>check its coordinates, or add the road or path that leads to it</source>
        <translation>请检查其坐标，或补充通往该校的道路或小路</translation>
    </message>
    <message>
        <source>the school&apos;s township is neither a code nor a name of the township boundaries; taken from the boundary it lies in</source>
        <translation>学校所填乡镇既不是乡镇界中的代码也不是名称；已按其所在乡镇界确定</translation>
    </message>
    <message>
        <source>write the township&apos;s code or name as in the boundaries file</source>
        <translation>请按乡镇界文件填写乡镇代码或名称</translation>
    </message>
    <message>
        <source>several files of village counts</source>
        <translation>给出了多个村级人口文件</translation>
    </message>
    <message>
        <source>no population file</source>
        <translation>没有人口文件</translation>
    </message>
    <message>
        <source>merge the village counts into one file</source>
        <translation>请将村级人口合并为一个文件</translation>
    </message>
    <message>
        <source>give GeoTIFF rasters or a file of village counts (--population)</source>
        <translation>请给出 GeoTIFF 栅格或村级人口文件（--population）</translation>
    </message>
    <message>
        <source>births of {n_rows_of} places, {first}–{last}: {count:,.0f} in all</source>
        <translation>{n_rows_of} 个居民点 {first}–{last} 年的出生人口：共 {count:,.0f} 人</translation>
    </message>
    <message>
        <source>{n_missing} place(s) of the project have no births in the file: {shown}</source>
        <translation>项目中有 {n_missing} 个居民点在文件中没有出生人口：{shown}</translation>
    </message>
    <message>
        <source>villages are given by code only, but the project&apos;s places have no codes</source>
        <translation>村庄只给出了代码，但项目的居民点没有代码</translation>
    </message>
    <message>
        <source>write the calendar year of the births, e.g. 2019</source>
        <translation>请填写出生的公历年份，如 2019</translation>
    </message>
    <message>
        <source>villages matched to places named with or without 村/社区/村委会</source>
        <translation>村庄已与名称带或不带“村/社区/村委会”的居民点匹配</translation>
    </message>
    <message>
        <source>the file has a header but no births</source>
        <translation>文件有表头但没有出生人口数据</translation>
    </message>
    <message>
        <source>fill in one row per village and year</source>
        <translation>请每个村每年填写一行</translation>
    </message>
    <message>
        <source>births of {place} in {year} given twice, also in {wheres}</source>
        <translation>{place} {year} 年的出生人口重复填写，另见 {wheres}</translation>
    </message>
    <message>
        <source>no births for {year_list} (the file has {first}–{last})</source>
        <translation>缺少 {year_list} 年的出生人口（文件包含 {first}–{last} 年）</translation>
    </message>
    <message>
        <source>add their rows (0 where there were no births), or remove the places from the project</source>
        <translation>请补充这些行（无出生时填 0），或将这些居民点从项目中删除</translation>
    </message>
    <message>
        <source>add a column with the village names (村名) as the places layer writes them</source>
        <translation>请添加村名列，写法与居民点图层一致</translation>
    </message>
    <message>
        <source>village missing</source>
        <translation>缺少村名</translation>
    </message>
    <message>
        <source>keep one row per village and year (add the numbers up if they are parts)</source>
        <translation>每个村每年只保留一行（如为分项请相加）</translation>
    </message>
    <message>
        <source>add a row for each missing year (0 if there were no births)</source>
        <translation>请为缺少的每一年补充一行（无出生时填 0）</translation>
    </message>
    <message>
        <source>fill in the village&apos;s name</source>
        <translation>请填写村名</translation>
    </message>
    <message>
        <source>township not in the project</source>
        <translation>项目中没有该乡镇</translation>
    </message>
    <message>
        <source> in township {township} ({code})</source>
        <translation>（乡镇：{township}，{code}）</translation>
    </message>
    <message>
        <source>village not in the project&apos;s places{where}</source>
        <translation>项目居民点中没有该村{where}</translation>
    </message>
    <message>
        <source>several places of this name (in townships {in_towns})</source>
        <translation>有多个同名居民点（位于乡镇 {in_towns}）</translation>
    </message>
    <message>
        <source>use a township code or name of the project&apos;s townships layer</source>
        <translation>请使用项目乡镇图层中的乡镇代码或名称</translation>
    </message>
    <message>
        <source>write the name as the places layer has it, or add the place to the project</source>
        <translation>请按居民点图层的写法填写名称，或将该居民点添加到项目中</translation>
    </message>
    <message>
        <source>add a 乡镇 (township) column to tell them apart</source>
        <translation>请添加“乡镇”列加以区分</translation>
    </message>
    <message>
        <source>no township code or name field</source>
        <translation>没有乡镇代码或名称字段</translation>
    </message>
    <message>
        <source>no township code field; codes {code}… numbered by township name</source>
        <translation>没有乡镇代码字段；按乡镇名称编号为 {code}…</translation>
    </message>
    <message>
        <source>no township name field; names are the codes</source>
        <translation>没有乡镇名称字段；以代码作为名称</translation>
    </message>
    <message>
        <source>township boundary must be a polygon</source>
        <translation>乡镇界须为面</translation>
    </message>
    <message>
        <source>{size} more features are not polygons</source>
        <translation>另有 {size} 个要素不是面</translation>
    </message>
    <message>
        <source>township has no geometry</source>
        <translation>乡镇没有几何图形</translation>
    </message>
    <message>
        <source>invalid polygon repaired</source>
        <translation>已修复无效的面</translation>
    </message>
    <message>
        <source>township code appears more than once</source>
        <translation>乡镇代码重复</translation>
    </message>
    <message>
        <source>the township {what} field given is not in the file</source>
        <translation>指定的乡镇{what}字段不在文件中</translation>
    </message>
    <message>
        <source>name them with --boundary-code-field and --boundary-name-field (the wizard: code and name fields); fields: {listed}</source>
        <translation>请用 --boundary-code-field 和 --boundary-name-field 指定（向导中：代码和名称字段）；现有字段：{listed}</translation>
    </message>
    <message>
        <source>to keep the official codes, name their field with --boundary-code-field; fields: {listed}</source>
        <translation>如需保留正式代码，请用 --boundary-code-field 指定其字段；现有字段：{listed}</translation>
    </message>
    <message>
        <source>name it with --boundary-name-field (the wizard: name field); fields: {listed}</source>
        <translation>请用 --boundary-name-field 指定（向导中：名称字段）；现有字段：{listed}</translation>
    </message>
    <message>
        <source>township has no name; the code is used</source>
        <translation>乡镇没有名称；使用其代码</translation>
    </message>
    <message>
        <source>feature {n}</source>
        <translation>要素 {n}</translation>
    </message>
    <message>
        <source>use the township polygons (乡镇界), not points or lines</source>
        <translation>请使用乡镇界的面，而不是点或线</translation>
    </message>
    <message>
        <source>township has no code</source>
        <translation>乡镇没有代码</translation>
    </message>
    <message>
        <source>township has neither code nor name</source>
        <translation>乡镇既没有代码也没有名称</translation>
    </message>
    <message>
        <source>fill it in</source>
        <translation>请填写</translation>
    </message>
    <message>
        <source>township name appears more than once; its polygons share the code {code}</source>
        <translation>乡镇名称重复；这些面共用代码 {code}</translation>
    </message>
    <message>
        <source>merge the polygons of one township or correct the code</source>
        <translation>请合并同一乡镇的面，或更正代码</translation>
    </message>
    <message>
        <source>name one of its fields with --boundary-{what}-field: {listed}</source>
        <translation>请用 --boundary-{what}-field 指定其中一个字段：{listed}</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>unknown coordinate system</source>
        <translation>未知的坐标系</translation>
    </message>
    <message>
        <source>use one of {coord_systems} or an EPSG code such as EPSG:4545</source>
        <translation>请使用 {coord_systems} 之一，或 EPSG 代码（如 EPSG:4545）</translation>
    </message>
    <message>
        <source>enrolment of {n_schools} schools, {first}–{last}: {totals}</source>
        <translation>{n_schools} 所学校 {first}–{last} 年的在校生数：{totals}</translation>
    </message>
    <message>
        <source>no enrolment for {gaps} between {first} and {last}</source>
        <translation>{first} 至 {last} 年之间缺少 {gaps} 年的在校生数</translation>
    </message>
    <message>
        <source>the pupils of {year} differ from the project&apos;s recorded enrolment at {size} school(s): {shown}{more}</source>
        <translation>{year} 年的学生数与项目记录的在校生数在 {size} 所学校不一致：{shown}{more}</translation>
    </message>
    <message>
        <source>the file has a header but no schools</source>
        <translation>文件有表头但没有学校</translation>
    </message>
    <message>
        <source>; a file of one year&apos;s census needs no year column when its year is given with it</source>
        <translation>；单一年份的统计表在另行指定年份时无需年份列</translation>
    </message>
    <message>
        <source>no column for {missing_grades}; read as 0</source>
        <translation>没有 {missing_grades} 列；按 0 读取</translation>
    </message>
    <message>
        <source>write the year of the census, e.g. 2024 (the autumn of the school year 2024–2025)</source>
        <translation>请填写统计年份，如 2024（即 2024–2025 学年秋季）</translation>
    </message>
    <message>
        <source>school years read as the year they began (the autumn census)</source>
        <translation>学年按其开始年份读取（秋季统计）</translation>
    </message>
    <message>
        <source>no enrolment rows in the files</source>
        <translation>文件中没有在校生数据行</translation>
    </message>
    <message>
        <source>add the census of each missing year, or leave out the years before the gap</source>
        <translation>请补充缺少年份的统计，或去掉缺口之前的年份</translation>
    </message>
    <message>
        <source> and {n_absent} more</source>
        <translation>等，另有 {n_absent} 所</translation>
    </message>
    <message>
        <source>{n_absent} school(s) of the project have no row for {year}: {shown}{more}</source>
        <translation>项目中有 {n_absent} 所学校没有 {year} 年的数据行：{shown}{more}</translation>
    </message>
    <message>
        <source>the forecast starts from the project&apos;s children and takes only grade shares and ratios from the history; check that both are the same census</source>
        <translation>预测以项目中的儿童数为起点，只从历年数据中取各年级占比和比率；请检查二者是否来自同一次统计</translation>
    </message>
    <message>
        <source>fill in one row per school</source>
        <translation>请每所学校填写一行</translation>
    </message>
    <message>
        <source>the grades add up to {sum:,.0f}, not to the total</source>
        <translation>各年级合计为 {sum:,.0f}，与总数不符</translation>
    </message>
    <message>
        <source>pupils in grade {grades}, which the project&apos;s school does not teach (grades {lo}–{hi}); counted</source>
        <translation>{grades} 年级有学生，但项目中该校不设这些年级（设 {lo}–{hi} 年级）；已计入</translation>
    </message>
    <message>
        <source>school {school_id} in {year} given twice, also in {also}</source>
        <translation>学校 {school_id} 的 {year} 年数据重复填写，另见 {also}</translation>
    </message>
    <message>
        <source>year differs from the year given for the file ({given})</source>
        <translation>年份与为该文件指定的年份（{given}）不同</translation>
    </message>
    <message>
        <source>add their rows (zeros if they had no pupils then)</source>
        <translation>请补充这些行（当年无学生时填 0）</translation>
    </message>
    <message>
        <source>correct the grades or the total so that they agree</source>
        <translation>请更正各年级数或总数，使二者一致</translation>
    </message>
    <message>
        <source>check the row, or the school&apos;s grades in the project</source>
        <translation>请检查该行，或项目中该校的年级设置</translation>
    </message>
    <message>
        <source>keep one row per school and year</source>
        <translation>每所学校每年只保留一行</translation>
    </message>
    <message>
        <source>school code not in the project</source>
        <translation>项目中没有该学校代码</translation>
    </message>
    <message>
        <source>name differs from the project&apos;s ({name}); matched by the code</source>
        <translation>名称与项目中的（{name}）不同；已按代码匹配</translation>
    </message>
    <message>
        <source>school missing (no code and no name)</source>
        <translation>缺少学校（既无代码也无名称）</translation>
    </message>
    <message>
        <source>use the project&apos;s 10-digit school codes, or add the school to the project</source>
        <translation>请使用项目中的 10 位学校代码，或将该校添加到项目中</translation>
    </message>
    <message>
        <source>fill in the school code</source>
        <translation>请填写学校代码</translation>
    </message>
    <message>
        <source>school name not in the project</source>
        <translation>项目中没有该学校名称</translation>
    </message>
    <message>
        <source>several schools of the project have this name</source>
        <translation>项目中有多所学校同名</translation>
    </message>
    <message>
        <source>add the 学校代码 (school code) column, or write the name as the project has it</source>
        <translation>请添加“学校代码”列，或按项目中的写法填写校名</translation>
    </message>
    <message>
        <source>reprojected to the project CRS</source>
        <translation>已转换到项目坐标系</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>layer has no features</source>
        <translation>图层没有要素</translation>
    </message>
    <message>
        <source>layer has no coordinate reference system; taken as stated</source>
        <translation>图层没有坐标系；按指定的坐标系读取</translation>
    </message>
    <message>
        <source>check the path</source>
        <translation>请检查路径</translation>
    </message>
    <message>
        <source>not a readable vector layer</source>
        <translation>不是可读取的矢量图层</translation>
    </message>
    <message>
        <source>check that the right file or layer was chosen</source>
        <translation>请检查是否选对了文件或图层</translation>
    </message>
    <message>
        <source>layer has no coordinate reference system</source>
        <translation>图层没有坐标系</translation>
    </message>
    <message>
        <source>open it in a GIS and save it as GeoPackage</source>
        <translation>请在 GIS 软件中打开并另存为 GeoPackage</translation>
    </message>
    <message>
        <source>state its CRS with --coords (the wizard: coordinate system), for example EPSG:4490 for CGCS2000 longitude/latitude, or assign it in a GIS</source>
        <translation>请用 --coords 指定其坐标系（向导中：坐标系），如 CGCS2000 经纬度为 EPSG:4490，或在 GIS 软件中为其指定坐标系</translation>
    </message>
    <message>
        <source>write the school&apos;s spare land in m², zero or more (leave the school out for no limit)</source>
        <translation>填写学校可用场地面积（平方米），0 或以上（不受限制的学校不列出）</translation>
    </message>
    <message>
        <source>spare land missing</source>
        <translation>缺少可用场地面积</translation>
    </message>
    <message>
        <source>negative land</source>
        <translation>场地面积为负数</translation>
    </message>
    <message>
        <source>more land than a county has: not in m²?</source>
        <translation>场地面积超过全县面积：单位是否不是平方米？</translation>
    </message>
    <message>
        <source>fill in one row per school (学校代码, 可用场地面积)</source>
        <translation>每所学校填写一行（学校代码、可用场地面积）</translation>
    </message>
    <message>
        <source>school code missing</source>
        <translation>缺少学校代码</translation>
    </message>
    <message>
        <source>write the spare land in m² (1 mu = 666.7 m²)</source>
        <translation>可用场地面积以平方米填写（1 亩 = 666.7 平方米）</translation>
    </message>
    <message>
        <source>fill in the school&apos;s code</source>
        <translation>填写学校代码</translation>
    </message>
    <message>
        <source>no school of the project has this code</source>
        <translation>项目中没有该代码的学校</translation>
    </message>
    <message>
        <source>use the codes of the project&apos;s schools (学校代码), or leave the row out</source>
        <translation>使用项目中学校的代码（学校代码），或删去该行</translation>
    </message>
    <message>
        <source>school given twice, also in {where}</source>
        <translation>学校重复出现，另见 {where}</translation>
    </message>
    <message>
        <source>keep one row per school (add the areas up if they are parts)</source>
        <translation>每所学校只保留一行（分块的面积请相加）</translation>
    </message>
    <message>
        <source>left-behind children of {n_seen} places: {count:,.0f} in all</source>
        <translation>{n_seen} 个居民点的留守儿童：共 {count:,.0f} 人</translation>
    </message>
    <message>
        <source>the project has no places to match the villages to</source>
        <translation>项目中没有可与村庄匹配的居民点</translation>
    </message>
    <message>
        <source>{n_missing} place(s) of the project not in the table have no left-behind children: {shown}</source>
        <translation>项目中有 {n_missing} 个居民点不在表中，按无留守儿童计：{shown}</translation>
    </message>
    <message>
        <source>the file has a header but no villages</source>
        <translation>文件有表头但没有村庄</translation>
    </message>
    <message>
        <source>fill in one row per village (村名, 留守儿童数)</source>
        <translation>请每个村填写一行（村名、留守儿童数）</translation>
    </message>
    <message>
        <source>left-behind children of {names} given twice, also in {wheres}</source>
        <translation>{names} 的留守儿童数重复填写，另见 {wheres}</translation>
    </message>
    <message>
        <source>keep one row per village (add the numbers up if they are parts)</source>
        <translation>每个村只保留一行（如为分项请相加）</translation>
    </message>
    <message>
        <source>band {band}</source>
        <translation>第 {band} 波段</translation>
    </message>
    <message>
        <source>raster holds no values over the project grid (all nodata)</source>
        <translation>栅格在项目网格范围内没有数值（全部为无数据）</translation>
    </message>
    <message>
        <source>pixels with nodata taken as 0 people</source>
        <translation>无数据像元按 0 人计</translation>
    </message>
    <message>
        <source>negative population values taken as 0</source>
        <translation>负的人口值按 0 计</translation>
    </message>
    <message>
        <source>resampling gave no people; each pixel&apos;s people put in the cell under its centre</source>
        <translation>重采样后人口为零；已将每个像元的人口计入其中心所在的网格</translation>
    </message>
    <message>
        <source>resampling onto the grid changed the total by {value:+.2f}%; rescaled to keep the total</source>
        <translation>重采样到网格后总数变化 {value:+.2f}%；已按比例调整以保持总数</translation>
    </message>
    <message>
        <source>village geometry must be a point or a polygon</source>
        <translation>村庄几何须为点或面</translation>
    </message>
    <message>
        <source>village has no geometry; its children are not placed</source>
        <translation>村庄没有几何图形；其儿童未落到网格</translation>
    </message>
    <message>
        <source>village lies</source>
        <translation>个村庄位于</translation>
    </message>
    <message>
        <source>villages lie</source>
        <translation>个村庄位于</translation>
    </message>
    <message>
        <source>{count} {lie} outside the project grid; their children are not counted ({children_text})</source>
        <translation>{count} {lie}项目网格之外；其儿童未计入（{children_text}）</translation>
    </message>
    <message>
        <source>village polygon lies partly outside the project grid; its children are spread over the part inside</source>
        <translation>村庄的面部分位于项目网格之外；其儿童分布到网格内的部分</translation>
    </message>
    <message>
        <source>age band not used for school cohorts</source>
        <translation>该年龄段不用于学龄人口</translation>
    </message>
    <message>
        <source>no raster for ages {age}-{last_age}</source>
        <translation>没有 {age}-{last_age} 岁的栅格</translation>
    </message>
    <message>
        <source>unknown cohort</source>
        <translation>未知的学段</translation>
    </message>
    <message>
        <source>no {cohort} raster; {cohort} children are taken as 0</source>
        <translation>没有{cohort}栅格；{cohort}儿童按 0 计</translation>
    </message>
    <message>
        <source>save the counts as a single-band GeoTIFF</source>
        <translation>请将人口数另存为单波段 GeoTIFF</translation>
    </message>
    <message>
        <source>raster does not overlap the project grid</source>
        <translation>栅格与项目网格不重叠</translation>
    </message>
    <message>
        <source>check how the raster was made</source>
        <translation>请检查栅格的制作方法</translation>
    </message>
    <message>
        <source>count field is missing</source>
        <translation>缺少人数字段</translation>
    </message>
    <message>
        <source>count is not a number</source>
        <translation>人数不是数字</translation>
    </message>
    <message>
        <source>count is negative</source>
        <translation>人数为负数</translation>
    </message>
    <message>
        <source>{count} {value} no count; taken as 0</source>
        <translation>{count} {value}没有人数；按 0 计</translation>
    </message>
    <message>
        <source>give the village a location</source>
        <translation>请为该村指定位置</translation>
    </message>
    <message>
        <source>some points of this village lie outside the project grid; their share is not placed</source>
        <translation>该村部分点位于项目网格之外；这部分人口未落到网格</translation>
    </message>
    <message>
        <source>check the villages&apos; coordinates and the county boundary</source>
        <translation>请检查村庄坐标和县界</translation>
    </message>
    <message>
        <source>the weight raster is zero over this village; its children are spread by area</source>
        <translation>权重栅格在该村范围内为零；其儿童按面积分布</translation>
    </message>
    <message>
        <source>{count} populated cells lie outside every township; {fate}</source>
        <translation>{count} 个有人口的网格不在任何乡镇内；{fate}</translation>
    </message>
    <message>
        <source>cannot tell the age band of this raster from its name</source>
        <translation>无法从文件名判断该栅格的年龄段</translation>
    </message>
    <message>
        <source>add the female and male rasters of this band (WorldPop chn_f_{age}_YYYY.tif, chn_m_…)</source>
        <translation>请补充该年龄段的女性和男性栅格（WorldPop chn_f_{age}_YYYY.tif、chn_m_…）</translation>
    </message>
    <message>
        <source>only {only} rasters for ages {age}-{last_age}; the other sex is missing</source>
        <translation>{age}-{last_age} 岁只有 {only} 栅格；缺少另一性别</translation>
    </message>
    <message>
        <source>no raster for ages {band}: the children aged 0-4 are not kept</source>
        <translation>没有 {band} 岁的栅格：不保留 0-4 岁儿童</translation>
    </message>
    <message>
        <source>cannot tell whether this raster holds primary or junior children</source>
        <translation>无法判断该栅格是小学还是初中学龄儿童</translation>
    </message>
    <message>
        <source>use {levels}</source>
        <translation>请使用 {levels}</translation>
    </message>
    <message>
        <source>add the {cohort} raster</source>
        <translation>请补充{cohort}栅格</translation>
    </message>
    <message>
        <source>check the raster&apos;s area and CRS</source>
        <translation>请检查栅格的范围和坐标系</translation>
    </message>
    <message>
        <source>name the {cohort} count field {name} in a GIS; fields: {value}</source>
        <translation>请在 GIS 软件中将{cohort}人数字段命名为 {name}；现有字段：{value}</translation>
    </message>
    <message>
        <source>{size} more features: {message}</source>
        <translation>另有 {size} 个要素：{message}</translation>
    </message>
    <message>
        <source>{size} populated cells lie just outside the township boundaries (at most {near_m:g} m); each taken into the nearest township</source>
        <translation>{size} 个有人口的网格紧邻乡镇界外（不超过 {near_m:g} 米）；已分别归入最近的乡镇</translation>
    </message>
    <message>
        <source>check the township boundaries cover the county</source>
        <translation>请检查乡镇界是否覆盖全县</translation>
    </message>
    <message>
        <source>name it like WorldPop: country, sex, first age of the band, year (chn_f_5_2020.tif)</source>
        <translation>请按 WorldPop 的方式命名：国家、性别、年龄段起始年龄、年份（chn_f_5_2020.tif）</translation>
    </message>
    <message>
        <source>add the other sex&apos;s raster of this band</source>
        <translation>请补充该年龄段另一性别的栅格</translation>
    </message>
    <message>
        <source>only {only} rasters for ages {band}; the other sex is missing</source>
        <translation>{band} 岁只有 {only} 栅格；缺少另一性别</translation>
    </message>
    <message>
        <source>put primary or junior (小学 or 初中) in its file name</source>
        <translation>请在文件名中写明 primary 或 junior（小学或初中）</translation>
    </message>
    <message>
        <source>enter the number of children (0 or more)</source>
        <translation>请填写儿童人数（0 或以上）</translation>
    </message>
    <message>
        <source>village has</source>
        <translation>个村庄</translation>
    </message>
    <message>
        <source>villages have</source>
        <translation>个村庄</translation>
    </message>
    <message>
        <source>their children are not in the project</source>
        <translation>其儿童未纳入项目</translation>
    </message>
    <message>
        <source>their township is left empty</source>
        <translation>其乡镇留空</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>raster holds no elevations (all nodata)</source>
        <translation>栅格中没有高程值（全部为无数据）</translation>
    </message>
    <message>
        <source>the DEM does not cover the project grid</source>
        <translation>数字高程模型未覆盖项目网格</translation>
    </message>
    <message>
        <source>grid cells with no elevation (outside the DEM or nodata)</source>
        <translation>网格没有高程（位于数字高程模型之外或无数据）</translation>
    </message>
    <message>
        <source>raster has no coordinate reference system; taken as stated</source>
        <translation>栅格没有坐标系；按指定的坐标系读取</translation>
    </message>
    <message>
        <source>raster has {count} band(s)</source>
        <translation>栅格有 {count} 个波段</translation>
    </message>
    <message>
        <source>check the DEM&apos;s area and CRS</source>
        <translation>请检查数字高程模型的范围和坐标系</translation>
    </message>
    <message>
        <source>use a DEM covering the whole county</source>
        <translation>请使用覆盖全县的数字高程模型</translation>
    </message>
    <message>
        <source>not a readable raster</source>
        <translation>不是可读取的栅格</translation>
    </message>
    <message>
        <source>raster has no coordinate reference system</source>
        <translation>栅格没有坐标系</translation>
    </message>
    <message>
        <source>save it as GeoTIFF</source>
        <translation>请另存为 GeoTIFF</translation>
    </message>
    <message>
        <source>state its CRS with --coords (the wizard: coordinate system; {example}) or assign it in a GIS</source>
        <translation>请用 --coords 指定其坐标系（向导中：坐标系；{example}），或在 GIS 软件中为其指定坐标系</translation>
    </message>
    <message>
        <source>{total:,.0f} ({primary:,.0f} primary, {junior:,.0f} junior)</source>
        <translation>{total:,.0f}（小学 {primary:,.0f}，初中 {junior:,.0f}）</translation>
    </message>
    <message>
        <source>children in the files: {children}</source>
        <translation>文件中的儿童：{children}</translation>
    </message>
    <message>
        <source>children on the grid: {children}</source>
        <translation>网格上的儿童：{children}</translation>
    </message>
    <message>
        <source>children inside the county (in the project): {children}</source>
        <translation>县域内（纳入项目）的儿童：{children}</translation>
    </message>
    <message>
        <source>children outside the county: {children}; off the grid {off_grid:,.0f}, on the grid outside the township boundaries {outside_on_grid:,.0f}</source>
        <translation>县域外的儿童：{children}；网格外 {off_grid:,.0f}，网格上但在乡镇界外 {outside_on_grid:,.0f}</translation>
    </message>
    <message>
        <source>more children on the grid than in the files, or in the project than on the grid (more than {value:g}%)</source>
        <translation>网格上的儿童多于文件中的，或项目中的多于网格上的（超过 {value:g}%）</translation>
    </message>
    <message>
        <source>report this: the population was not resampled faithfully</source>
        <translation>请报告此问题：人口重采样不准确</translation>
    </message>
    <message>
        <source>the road network is in {n_pieces} disconnected pieces (sizes in road nodes, largest first)</source>
        <translation>路网分为 {n_pieces} 个互不连通的部分（按道路节点数，从大到小）</translation>
    </message>
    <message>
        <source>{count} ways have highway values not in the speed table; mapped to &apos;path&apos;</source>
        <translation>{count} 条道路的 highway 值不在速度表中；按“小路”处理</translation>
    </message>
    <message>
        <source>road classes taken from the speed field by the nearest speed of the motorised table</source>
        <translation>道路等级按速度字段取机动车速度表中最接近的速度确定</translation>
    </message>
    <message>
        <source>{count} roads have no geometry; left out</source>
        <translation>{count} 条道路没有几何图形；已略去</translation>
    </message>
    <message>
        <source>road geometry is not a line</source>
        <translation>道路几何不是线</translation>
    </message>
    <message>
        <source>{count} more roads are not lines</source>
        <translation>另有 {count} 条道路不是线</translation>
    </message>
    <message>
        <source>invalid road geometry repaired</source>
        <translation>已修复无效的道路几何</translation>
    </message>
    <message>
        <source>multi-part roads split into single lines</source>
        <translation>多部件道路已拆分为单线</translation>
    </message>
    <message>
        <source>{count} road lines have no length; left out</source>
        <translation>{count} 条道路线长度为零；已略去</translation>
    </message>
    <message>
        <source>{size} roads have no line part left after repair; left out</source>
        <translation>{size} 条道路修复后没有剩余线段；已略去</translation>
    </message>
    <message>
        <source>no usable road lines</source>
        <translation>没有可用的道路线</translation>
    </message>
    <message>
        <source>roads that should meet must share a vertex; check the pieces on the map</source>
        <translation>应相连的道路须有公共节点；请在地图上检查各部分</translation>
    </message>
    <message>
        <source>the OSM PBF file is truncated or unreadable</source>
        <translation>OSM PBF 文件不完整或无法读取</translation>
    </message>
    <message>
        <source>no roads in the OSM extract within the boundary</source>
        <translation>OSM 数据在边界内没有道路</translation>
    </message>
    <message>
        <source>no roads in the OSM extract</source>
        <translation>OSM 数据中没有道路</translation>
    </message>
    <message>
        <source>map them to a class if children can ride on them</source>
        <translation>如儿童可乘车通行，请将其对应到某一道路等级</translation>
    </message>
    <message>
        <source>ways outside the boundary left out</source>
        <translation>边界外的道路已略去</translation>
    </message>
    <message>
        <source>the {what} field is missing</source>
        <translation>缺少{what}字段</translation>
    </message>
    <message>
        <source>no road class or speed field</source>
        <translation>没有道路等级或速度字段</translation>
    </message>
    <message>
        <source>{count} roads have unknown class values; mapped to &apos;path&apos;</source>
        <translation>{count} 条道路的等级值未知；按“小路”处理</translation>
    </message>
    <message>
        <source>{count} roads have no usable speed; mapped to &apos;path&apos;</source>
        <translation>{count} 条道路没有可用的速度；按“小路”处理</translation>
    </message>
    <message>
        <source>keep only LineString or MultiLineString roads</source>
        <translation>道路只能是 LineString 或 MultiLineString</translation>
    </message>
    <message>
        <source>download the extract again (Geofabrik, BBBike) and check its size</source>
        <translation>请重新下载（Geofabrik、BBBike）并检查文件大小</translation>
    </message>
    <message>
        <source>fields in the file: {columns}</source>
        <translation>文件中的字段：{columns}</translation>
    </message>
    <message>
        <source>name the class field road_class (or the speed field speed_kmh) in a GIS; fields in the file: {columns}</source>
        <translation>请在 GIS 软件中将等级字段命名为 road_class（或将速度字段命名为 speed_kmh）；文件中的字段：{columns}</translation>
    </message>
    <message>
        <source>write county, township, village or path (县道, 乡道, 村道, 小路) in the class field</source>
        <translation>请在等级字段中填写 county、township、village 或 path（县道、乡道、村道、小路）</translation>
    </message>
    <message>
        <source>enter a speed in km/h</source>
        <translation>请填写速度（km/h）</translation>
    </message>
    <message>
        <source>class</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>{n_ignored} column(s) not used: {ignored}</source>
        <translation>有 {n_ignored} 列未使用：{ignored}</translation>
    </message>
    <message>
        <source>required columns are missing: {names}</source>
        <translation>缺少必需的列：{names}</translation>
    </message>
    <message>
        <source>map them (--column HEADER=FIELD, or the wizard&apos;s mapping) if they hold a school field</source>
        <translation>如这些列含有学校字段，请进行对应（--column HEADER=FIELD，或向导中的列对应）</translation>
    </message>
    <message>
        <source>column {header} is in units of 10 000; multiplied</source>
        <translation>{header} 列以万为单位；已乘以 10 000</translation>
    </message>
    <message>
        <source>add them or map them ({how}); columns found: {found}{encoding}</source>
        <translation>请添加这些列或进行对应（{how}）；现有列：{found}{encoding}</translation>
    </message>
    <message>
        <source>blank cells read as 0</source>
        <translation>空单元格按 0 读取</translation>
    </message>
    <message>
        <source>not a whole number; rounded</source>
        <translation>不是整数；已取整</translation>
    </message>
    <message>
        <source>fields not in the file, set to 0: {missing}</source>
        <translation>文件中没有以下字段，设为 0：{missing}</translation>
    </message>
    <message>
        <source>no township column; township left blank</source>
        <translation>没有乡镇列；乡镇留空</translation>
    </message>
    <message>
        <source>no school code column; codes generated from the row numbers</source>
        <translation>没有学校代码列；按行号生成代码</translation>
    </message>
    <message>
        <source>no type column; types taken from the school names (小学, 初中 …) or grades</source>
        <translation>没有学校类型列；类型按校名（小学、初中……）或年级判断</translation>
    </message>
    <message>
        <source>coordinates missing</source>
        <translation>缺少坐标</translation>
    </message>
    <message>
        <source>cannot be converted from {label} to the project CRS</source>
        <translation>无法从 {label} 转换到项目坐标系</translation>
    </message>
    <message>
        <source>coordinates converted from {label} to {project_crs}</source>
        <translation>坐标已从 {label} 转换到 {project_crs}</translation>
    </message>
    <message>
        <source>school is {distance:.0f} m outside the township boundaries (at most {tolerance:g} m allowed); taken into the nearest township</source>
        <translation>学校位于乡镇界外 {distance:.0f} 米（最多允许 {tolerance:g} 米）；已归入最近的乡镇</translation>
    </message>
    <message>
        <source>school is outside the county ({distance_text} from its boundary)</source>
        <translation>学校位于县界之外（距县界 {distance_text}）</translation>
    </message>
    <message>
        <source>grades of teaching points taken from their pupils</source>
        <translation>教学点的年级按其学生确定</translation>
    </message>
    <message>
        <source>no capacity column; seats = classes × {size_p} (primary) or × {size_j} (junior)</source>
        <translation>没有学位数列；学位数 = 班数 × {size_p}（小学）或 × {size_j}（初中）</translation>
    </message>
    <message>
        <source>no capacity or class columns; capacity left 0</source>
        <translation>没有学位数或班数列；学位数记为 0</translation>
    </message>
    <message>
        <source>village boundaries must be a GIS layer of polygons, not a table</source>
        <translation>村界须为面状GIS图层，不能是表格</translation>
    </message>
    <message>
        <source>the places of the project have no codes, and the layer has no village name field</source>
        <translation>项目的地名没有代码，图层也没有村名字段</translation>
    </message>
    <message>
        <source>a place of the project has no polygon in the village boundaries</source>
        <translation>项目中的这个地名在村界中没有面</translation>
    </message>
    <message>
        <source>{size} more places have no polygon</source>
        <translation>另有{size}个地名没有面</translation>
    </message>
    <message>
        <source>the file has several layers; say which holds the village boundaries</source>
        <translation>文件有多个图层，请指明哪一层是村界</translation>
    </message>
    <message>
        <source>last year&apos;s zones must be a table (CSV or XLSX), not a GIS layer</source>
        <translation>上年划片须为表格（CSV或XLSX），不能是GIS图层</translation>
    </message>
    <message>
        <source>give a GeoPackage, Shapefile or GeoJSON of the village polygons (村界)</source>
        <translation>请提供村界面的GeoPackage、Shapefile或GeoJSON文件</translation>
    </message>
    <message>
        <source>assign its CRS in a GIS (e.g. EPSG:4490 for CGCS2000 longitude/latitude) and save it again</source>
        <translation>请在GIS中为其指定坐标系（如CGCS2000经纬度为EPSG:4490）后重新保存</translation>
    </message>
    <message>
        <source>add a village name field (村名) and a township field (乡镇)</source>
        <translation>请添加村名字段（村名）和乡镇字段（乡镇）</translation>
    </message>
    <message>
        <source>a second polygon for the same village, also {where}</source>
        <translation>同一个村有第二个面，另见{where}</translation>
    </message>
    <message>
        <source>place {name}</source>
        <translation>地名{name}</translation>
    </message>
    <message>
        <source>add its polygon to the village boundaries, or leave --villages out to build village areas</source>
        <translation>请在村界中补上它的面，或不用--villages，由程序生成村域</translation>
    </message>
    <message>
        <source>write FILE.gpkg:LAYER; layers: {listed}</source>
        <translation>请写成 文件.gpkg:图层名；图层：{listed}</translation>
    </message>
    <message>
        <source>village has no geometry</source>
        <translation>村没有几何图形</translation>
    </message>
    <message>
        <source>village polygon is empty</source>
        <translation>村的面为空</translation>
    </message>
    <message>
        <source>village boundary must be a polygon</source>
        <translation>村界必须是面</translation>
    </message>
    <message>
        <source>invalid village polygon repaired</source>
        <translation>无效的村界面已修复</translation>
    </message>
    <message>
        <source>village name missing</source>
        <translation>缺少村名</translation>
    </message>
    <message>
        <source>give the zones.csv SchoolPlan wrote last year, or a table with 村代码 and 学校代码</source>
        <translation>请提供SchoolPlan上年输出的zones.csv，或含村代码和学校代码的表格</translation>
    </message>
    <message>
        <source>fill in one row per village (village_code, school_id)</source>
        <translation>请每个村填写一行（村代码、学校代码）</translation>
    </message>
    <message>
        <source>village code missing</source>
        <translation>缺少村代码</translation>
    </message>
    <message>
        <source>village listed twice with different schools ({first} and {second}), also in {where}</source>
        <translation>同一个村出现两次且学校不同（{first}和{second}），另见{where}</translation>
    </message>
    <message>
        <source>merge the village&apos;s polygons into one (dissolve) or correct the code or name</source>
        <translation>请把该村的面合并为一个（融合），或更正代码或名称</translation>
    </message>
    <message>
        <source>draw its polygon, or delete the feature</source>
        <translation>请绘制它的面，或删除该要素</translation>
    </message>
    <message>
        <source>draw its polygon, or delete it</source>
        <translation>请绘制它的面，或删除它</translation>
    </message>
    <message>
        <source>use the village polygons (村界), not points or lines</source>
        <translation>请使用村界面，不要用点或线</translation>
    </message>
    <message>
        <source>invalid village polygon beyond repair</source>
        <translation>无效的村界面，无法修复</translation>
    </message>
    <message>
        <source>check its outline in a GIS</source>
        <translation>请在GIS中检查它的边界</translation>
    </message>
    <message>
        <source>no place of the project has this name in this township</source>
        <translation>该乡镇没有这个名称的地名</translation>
    </message>
    <message>
        <source>no place of the project has this name</source>
        <translation>项目中没有这个名称的地名</translation>
    </message>
    <message>
        <source>use the names of the project&apos;s places (and their townships), or delete the feature</source>
        <translation>请使用项目中的地名（及其乡镇），或删除该要素</translation>
    </message>
    <message>
        <source>places of this name lie in several townships</source>
        <translation>多个乡镇都有这个名称的地名</translation>
    </message>
    <message>
        <source>fill in the village&apos;s code</source>
        <translation>请填写村代码</translation>
    </message>
    <message>
        <source>no village of the project has this code</source>
        <translation>项目中没有这个代码的村</translation>
    </message>
    <message>
        <source>fill in the zone&apos;s school code</source>
        <translation>请填写学区的学校代码</translation>
    </message>
    <message>
        <source>keep one row per village: the school whose zone it was</source>
        <translation>每个村只保留一行：它所属学区的学校</translation>
    </message>
    <message>
        <source>redraw it</source>
        <translation>请重新绘制</translation>
    </message>
    <message>
        <source>fill in its code</source>
        <translation>请填写它的代码</translation>
    </message>
    <message>
        <source>no place of the project has this village code</source>
        <translation>项目中没有这个村代码的地名</translation>
    </message>
    <message>
        <source>add a township field (乡镇) to the village boundaries</source>
        <translation>请在村界中添加乡镇字段（乡镇）</translation>
    </message>
    <message>
        <source>use the codes of the zones table SchoolPlan writes (zones.csv), or leave the row out</source>
        <translation>请使用SchoolPlan输出的划片表（zones.csv）中的代码，或删去这一行</translation>
    </message>
    <message>
        <source>use the codes of the project&apos;s schools (学校代码)</source>
        <translation>请使用项目中学校的代码（学校代码）</translation>
    </message>
    <message>
        <source>use the codes of the project&apos;s places, or delete the feature</source>
        <translation>请使用项目中地名的代码，或删除该要素</translation>
    </message>
    <message>
        <source>two projects of the same county and year</source>
        <translation>同一县同一年份有两个项目</translation>
    </message>
    <message>
        <source>no counties given</source>
        <translation>没有给出任何县</translation>
    </message>
    <message>
        <source>unknown step</source>
        <translation>未知的步骤</translation>
    </message>
    <message>
        <source>leave one of them out, or correct the county&apos;s name (settings: name) in one</source>
        <translation>去掉其中一个，或在其中一个项目的设置中更正县名</translation>
    </message>
    <message>
        <source>give project files or folders of them</source>
        <translation>请给出项目文件或存放项目文件的文件夹</translation>
    </message>
    <message>
        <source>choose among {steps}</source>
        <translation>请从 {steps} 中选择</translation>
    </message>
    <message>
        <source>the folder holds no project (.gpkg)</source>
        <translation>该文件夹中没有项目文件（.gpkg）</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <source>give the folder of the counties&apos; project files, or the files themselves</source>
        <translation>请给出各县项目文件所在的文件夹，或直接给出这些文件</translation>
    </message>
    <message>
        <source>not a SchoolPlan project (.gpkg)</source>
        <translation>不是 SchoolPlan 项目文件（.gpkg）</translation>
    </message>
    <message>
        <source>give project files made by schoolplan import, or folders of them</source>
        <translation>请给出由 schoolplan import 生成的项目文件，或存放它们的文件夹</translation>
    </message>
    <message>
        <source>not enough memory for this county: give the workers more (--memory-per-worker) or fewer counties</source>
        <translation>内存不足，无法计算该县：请为工作进程分配更多内存（--memory-per-worker），或减少县的数量</translation>
    </message>
    <message>
        <source>unexpected error ({kind}: {error}); please report it</source>
        <translation>意外错误（{kind}：{error}），请报告此问题</translation>
    </message>
    <message>
        <source>the worker running this county died and so did the one that ran it again (out of memory? give the workers more with --memory-per-worker)</source>
        <translation>计算该县的工作进程中断，重新计算时再次中断（内存不足？请用 --memory-per-worker 为工作进程分配更多内存）</translation>
    </message>
    <message>
        <source>the worker could not run this county ({kind}: {error}); do the workers run the same SchoolPlan?</source>
        <translation>工作进程无法计算该县（{kind}：{error}）；各工作进程运行的是否为同一版本的 SchoolPlan？</translation>
    </message>
    <message>
        <source>the scheduler lost this county ({status})</source>
        <translation>调度器丢失了该县的任务（{status}）</translation>
    </message>
    <message>
        <source>workers must be 1 or more</source>
        <translation>工作进程数至少为 1</translation>
    </message>
    <message>
        <source>not an amount of memory</source>
        <translation>不是有效的内存大小</translation>
    </message>
    <message>
        <source>e.g. 4GB or 500MB</source>
        <translation>例如 4GB 或 500MB</translation>
    </message>
    <message>
        <source>cannot reach the Dask scheduler ({error})</source>
        <translation>无法连接 Dask 调度器（{error}）</translation>
    </message>
    <message>
        <source>the Dask scheduler has no workers</source>
        <translation>Dask 调度器没有工作进程</translation>
    </message>
    <message>
        <source>start it with `dask scheduler` and its workers with `dask worker {address}`, check the address and the firewall, or leave --scheduler out to run on this computer</source>
        <translation>请用 `dask scheduler` 启动调度器、用 `dask worker {address}` 启动工作进程，检查地址和防火墙，或不加 --scheduler 在本机运行</translation>
    </message>
    <message>
        <source>start workers with `dask worker {address}` on the machines</source>
        <translation>请在各台计算机上用 `dask worker {address}` 启动工作进程</translation>
    </message>
    <message>
        <source>teachers above the required qualification per 100 pupils</source>
        <translation>每百名学生高于规定学历教师数</translation>
    </message>
    <message>
        <source>key teachers per 100 pupils</source>
        <translation>每百名学生县级以上骨干教师数</translation>
    </message>
    <message>
        <source>PE and arts teachers per 100 pupils</source>
        <translation>每百名学生体育、艺术（美术、音乐）专任教师数</translation>
    </message>
    <message>
        <source>teaching and auxiliary floor area per pupil</source>
        <translation>生均教学及辅助用房面积</translation>
    </message>
    <message>
        <source>sports ground per pupil</source>
        <translation>生均体育运动场馆面积</translation>
    </message>
    <message>
        <source>teaching equipment per pupil</source>
        <translation>生均教学仪器设备值</translation>
    </message>
    <message>
        <source>networked multimedia rooms per 100 pupils</source>
        <translation>每百名学生网络多媒体教室数</translation>
    </message>
    <message>
        <source>{first}; {second}</source>
        <translation>{first}；{second}</translation>
    </message>
    <message>
        <source>standards plan: proving the bound, turn {turn}</source>
        <translation>达标方案：证明界限，第 {turn} 轮</translation>
    </message>
    <message>
        <source>no plan reaching every target was found; a plan reaching all of them apart may exist</source>
        <translation>未找到同时达到全部目标的方案；可能存在分别达到各目标的方案</translation>
    </message>
    <message>
        <source>no plan reaches every school&apos;s standards and every coefficient together</source>
        <translation>没有方案能同时使每所学校达标且每项差异系数达标</translation>
    </message>
    <message>
        <source>the plan reaching the most targets together leaves the {level} coefficient of {indicator} at {best:.3f}, above {threshold:.2f}, within the staff posts, the land and the exchange rules</source>
        <translation>在编制、用地和交流轮岗规则下，达到最多目标的方案使{level}{indicator}的差异系数为 {best:.3f}，高于 {threshold:.2f}</translation>
    </message>
    <message>
        <source>the plan reaching the most targets together leaves {school} short of the {level} standards</source>
        <translation>达到最多目标的方案仍使{school}未达到{level}标准</translation>
    </message>
    <message>
        <source>give a budget to see the most it reaches</source>
        <translation>给出预算以查看其最多能达到的目标</translation>
    </message>
    <message>
        <source>raise the staff posts (编制), give the schools&apos; spare land, or give a budget to see the most it reaches</source>
        <translation>增加编制、提供学校的可用场地，或给出预算以查看其最多能达到的目标</translation>
    </message>
    <message>
        <source>raise the staff posts (编制), give the school&apos;s spare land, or allow transfers</source>
        <translation>增加编制、提供学校的可用场地，或允许教师交流轮岗</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>school has no name</source>
        <translation>学校没有名称</translation>
    </message>
    <message>
        <source>duplicate school code, also in {wheres}</source>
        <translation>学校代码重复，另见 {wheres}</translation>
    </message>
    <message>
        <source>no type column and the type cannot be told from the name or the grades</source>
        <translation>没有学校类型列，且无法从校名或年级判断类型</translation>
    </message>
    <message>
        <source>fill in the school&apos;s location</source>
        <translation>请填写学校位置</translation>
    </message>
    <message>
        <source>feature has no geometry</source>
        <translation>要素没有几何图形</translation>
    </message>
    <message>
        <source>invalid geometry repaired ({reason})</source>
        <translation>已修复无效的几何图形（{reason}）</translation>
    </message>
    <message>
        <source>coordinates are not numbers</source>
        <translation>坐标不是数字</translation>
    </message>
    <message>
        <source>layer CRS {crs} overridden: coordinates taken as {coords} as stated</source>
        <translation>已覆盖图层坐标系 {crs}：按指定的 {coords} 读取坐标</translation>
    </message>
    <message>
        <source>check its coordinates, or the boundary if the school is in the county</source>
        <translation>请检查其坐标；如该校确在县内，请检查县界</translation>
    </message>
    <message>
        <source>check the coordinates and their system (WGS84, GCJ-02 from Amap, BD-09 from Baidu)</source>
        <translation>请检查坐标及其坐标系（WGS84；高德地图为 GCJ-02，百度地图为 BD-09）</translation>
    </message>
    <message>
        <source>enrolment per grade not given; totals spread evenly over the grades of each school&apos;s type</source>
        <translation>未给出分年级在校生数；总数按学校类型平均分到各年级</translation>
    </message>
    <message>
        <source>{total_key} of nine-year schools split between primary and junior by their pupils</source>
        <translation>九年一贯制学校的 {total_key} 按学生数分为小学和初中</translation>
    </message>
    <message>
        <source>{level} enrolment {pupils:.0f} is more than {over_capacity} × capacity</source>
        <translation>{level}在校生 {pupils:.0f} 人，超过学位数的 {over_capacity} 倍</translation>
    </message>
    <message>
        <source>not yes or no</source>
        <translation>不是“是”或“否”</translation>
    </message>
    <message>
        <source>--column HEADER=FIELD, or the wizard&apos;s mapping</source>
        <translation>--column HEADER=FIELD，或向导中的列对应</translation>
    </message>
    <message>
        <source>write the count as digits, e.g. 320</source>
        <translation>请用数字填写人数，如 320</translation>
    </message>
    <message>
        <source>negative count</source>
        <translation>人数为负数</translation>
    </message>
    <message>
        <source>grade must be 1 to 9</source>
        <translation>年级须为 1 至 9</translation>
    </message>
    <message>
        <source>fill in the school&apos;s name</source>
        <translation>请填写校名</translation>
    </message>
    <message>
        <source>school code missing; generated {code}</source>
        <translation>缺少学校代码；已生成 {code}</translation>
    </message>
    <message>
        <source>school code was turned into a rounded number by Excel (scientific notation)</source>
        <translation>学校代码被 Excel 变成了四舍五入的数字（科学计数法）</translation>
    </message>
    <message>
        <source>give each school its own code</source>
        <translation>请为每所学校填写各自的代码</translation>
    </message>
    <message>
        <source>add a 学段 column: {type_help}</source>
        <translation>请添加“学段”列：{type_help}</translation>
    </message>
    <message>
        <source>{label} missing</source>
        <translation>缺少{label}</translation>
    </message>
    <message>
        <source>{label} is not a number</source>
        <translation>{label}不是数字</translation>
    </message>
    <message>
        <source>place the school on the map</source>
        <translation>请在地图上标出学校位置</translation>
    </message>
    <message>
        <source>invalid geometry ({reason}) cannot be repaired</source>
        <translation>几何图形无效（{reason}），无法修复</translation>
    </message>
    <message>
        <source>{geom_type} reduced to a point inside it</source>
        <translation>{geom_type} 已简化为其内部的一个点</translation>
    </message>
    <message>
        <source>state the coordinate system with --coords (wgs84, gcj02, bd09, cgcs2000 or an EPSG code; the wizard: coordinate system) or assign one in a GIS</source>
        <translation>请用 --coords 指定坐标系（wgs84、gcj02、bd09、cgcs2000 或 EPSG 代码；向导中：坐标系），或在 GIS 软件中为其指定坐标系</translation>
    </message>
    <message>
        <source>coordinates are 0, 0 (a placeholder)</source>
        <translation>坐标为 0, 0（占位值）</translation>
    </message>
    <message>
        <source>latitude and longitude swapped; corrected</source>
        <translation>经纬度填反；已更正</translation>
    </message>
    <message>
        <source>coordinates look like degrees, but the file is in {label} (mixed coordinate systems?)</source>
        <translation>坐标看似经纬度，但文件坐标系为 {label}（坐标系混用？）</translation>
    </message>
    <message>
        <source>school is outside China</source>
        <translation>学校位于中国境外</translation>
    </message>
    <message>
        <source>total enrolment differs from the sum of the grades ({sum:.0f}); grades used</source>
        <translation>在校生总数与各年级合计（{sum:.0f}）不符；采用各年级数</translation>
    </message>
    <message>
        <source>check the enrolment and capacity</source>
        <translation>请检查在校生数和学位数</translation>
    </message>
    <message>
        <source>write 是 or 否 (yes or no)</source>
        <translation>请填写“是”或“否”</translation>
    </message>
    <message>
        <source>; the text was read as {encoding}: if these look garbled, save the file as CSV UTF-8</source>
        <translation>；文本按 {encoding} 读取：如显示乱码，请将文件另存为 CSV UTF-8</translation>
    </message>
    <message>
        <source>counts must be zero or more</source>
        <translation>人数须为 0 或以上</translation>
    </message>
    <message>
        <source>number too large to be right</source>
        <translation>数值过大，不可能正确</translation>
    </message>
    <message>
        <source>fill in the 10-digit national school code</source>
        <translation>请填写 10 位全国学校代码</translation>
    </message>
    <message>
        <source>format the code column as text in Excel and type the codes again</source>
        <translation>请在 Excel 中将代码列设为文本格式并重新输入代码</translation>
    </message>
    <message>
        <source>school type not recognised</source>
        <translation>无法识别学校类型</translation>
    </message>
    <message>
        <source>school type missing</source>
        <translation>缺少学校类型</translation>
    </message>
    <message>
        <source>use one of {type_help}</source>
        <translation>请使用以下之一：{type_help}</translation>
    </message>
    <message>
        <source>write decimal degrees such as 106.71234</source>
        <translation>请用十进制度数填写，如 106.71234</translation>
    </message>
    <message>
        <source>fill in the location</source>
        <translation>请填写位置</translation>
    </message>
    <message>
        <source>check the columns: longitude is about 73–136 in China, latitude 3–54</source>
        <translation>请检查各列：中国境内经度约为 73–136，纬度约为 3–54</translation>
    </message>
    <message>
        <source>coordinates are not longitude/latitude in degrees (projected metres? mixed systems?)</source>
        <translation>坐标不是以度为单位的经纬度（投影坐标米？坐标系混用？）</translation>
    </message>
    <message>
        <source>give every row in one coordinate system</source>
        <translation>请所有行使用同一坐标系</translation>
    </message>
    <message>
        <source>check the coordinates</source>
        <translation>请检查坐标</translation>
    </message>
    <message>
        <source>pupils given for grades a {kind} school does not teach</source>
        <translation>填写了{kind}不设年级的学生数</translation>
    </message>
    <message>
        <source>pupils in grade {g}, which a {kind} school does not teach</source>
        <translation>{g} 年级有学生，但{kind}不设该年级</translation>
    </message>
    <message>
        <source>check the value</source>
        <translation>请检查该值</translation>
    </message>
    <message>
        <source>give every row in {label}, or state the coordinate system of the file (--coords)</source>
        <translation>请所有行均使用 {label}，或指定文件的坐标系（--coords）</translation>
    </message>
    <message>
        <source>rows {numbers}{more}</source>
        <translation>第 {numbers} 行{more}</translation>
    </message>
    <message>
        <source>features {numbers}{more}</source>
        <translation>要素 {numbers}{more}</translation>
    </message>
    <message>
        <source>the file is not text in any encoding SchoolPlan recognises</source>
        <translation>该文件不是 SchoolPlan 能识别的任何编码的文本</translation>
    </message>
    <message>
        <source>open it in Excel or a text editor and save it as CSV UTF-8</source>
        <translation>请在 Excel 或文本编辑器中打开并另存为 CSV UTF-8</translation>
    </message>
    <message>
        <source>old or foreign spreadsheet format</source>
        <translation>旧版或不支持的电子表格格式</translation>
    </message>
    <message>
        <source>text read as {encoding}</source>
        <translation>文本按 {encoding} 读取</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>no header row: the first row holds values, not column names</source>
        <translation>没有表头行：第一行是数值，不是列名</translation>
    </message>
    <message>
        <source>rows above the header skipped (title)</source>
        <translation>已跳过表头上方的行（标题）</translation>
    </message>
    <message>
        <source>row {n}</source>
        <translation>第 {n} 行</translation>
    </message>
    <message>
        <source>{n_empty} empty row(s) skipped</source>
        <translation>已跳过 {n_empty} 个空行</translation>
    </message>
    <message>
        <source>the file has no layers</source>
        <translation>文件中没有图层</translation>
    </message>
    <message>
        <source>the layer has no features</source>
        <translation>图层没有要素</translation>
    </message>
    <message>
        <source>a folder, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
    <message>
        <source>the CSV text cannot be split into cells ({exc})</source>
        <translation>CSV 文本无法拆分为单元格（{exc}）</translation>
    </message>
    <message>
        <source>not a readable Excel workbook ({name})</source>
        <translation>不是可读取的 Excel 工作簿（{name}）</translation>
    </message>
    <message>
        <source>the workbook has no sheets</source>
        <translation>工作簿中没有工作表</translation>
    </message>
    <message>
        <source>no sheet of this name in the workbook</source>
        <translation>工作簿中没有该名称的工作表</translation>
    </message>
    <message>
        <source>save it as .xlsx or CSV</source>
        <translation>请另存为 .xlsx 或 CSV</translation>
    </message>
    <message>
        <source>export the {rows} table again</source>
        <translation>请重新导出{rows}表</translation>
    </message>
    <message>
        <source>add a first row naming the columns ({example} …)</source>
        <translation>请在第一行添加列名（{example} ……）</translation>
    </message>
    <message>
        <source>not a readable GIS file ({exc})</source>
        <translation>不是可读取的 GIS 文件（{exc}）</translation>
    </message>
    <message>
        <source>the file has several layers; say which holds the {rows}</source>
        <translation>文件有多个图层；请指明{rows}在哪个图层</translation>
    </message>
    <message>
        <source>no layer of this name in the file</source>
        <translation>文件中没有该名称的图层</translation>
    </message>
    <message>
        <source>the layer cannot be read ({exc})</source>
        <translation>无法读取该图层（{exc}）</translation>
    </message>
    <message>
        <source>choose the .csv, .xlsx, .gpkg, .shp or .geojson file</source>
        <translation>请选择 .csv、.xlsx、.gpkg、.shp 或 .geojson 文件</translation>
    </message>
    <message>
        <source>unknown field in the column mapping</source>
        <translation>列对应中有未知字段</translation>
    </message>
    <message>
        <source>add them or map them (the column mapping){advice}; columns found: {found}{encoding}</source>
        <translation>请添加这些列或进行对应（列对应）{advice}；现有列：{found}{encoding}</translation>
    </message>
    <message>
        <source>save it again as CSV</source>
        <translation>请重新另存为 CSV</translation>
    </message>
    <message>
        <source>open it in Excel and save it again as .xlsx (or as CSV)</source>
        <translation>请在 Excel 中打开并重新另存为 .xlsx（或 CSV）</translation>
    </message>
    <message>
        <source>sheets: {names}</source>
        <translation>工作表：{names}</translation>
    </message>
    <message>
        <source>the sheet cannot be read ({name})</source>
        <translation>无法读取该工作表（{name}）</translation>
    </message>
    <message>
        <source>export it again as GeoPackage or GeoJSON</source>
        <translation>请重新导出为 GeoPackage 或 GeoJSON</translation>
    </message>
    <message>
        <source>choose one with --sheet (the wizard: sheet); layers: {listed}</source>
        <translation>请用 --sheet 选择其一（向导中：工作表）；现有图层：{listed}</translation>
    </message>
    <message>
        <source>layers: {listed}</source>
        <translation>图层：{listed}</translation>
    </message>
    <message>
        <source>fields: {synonyms}</source>
        <translation>字段：{synonyms}</translation>
    </message>
    <message>
        <source>the column mapping names a column that is not in the file</source>
        <translation>列对应中指定的列不在文件中</translation>
    </message>
    <message>
        <source>open it in Excel and save it again as .xlsx</source>
        <translation>请在 Excel 中打开并重新另存为 .xlsx</translation>
    </message>
    <message>
        <source>columns: {items}</source>
        <translation>列：{items}</translation>
    </message>
    <message>
        <source>year missing</source>
        <translation>缺少年份</translation>
    </message>
    <message>
        <source>not a year</source>
        <translation>不是年份</translation>
    </message>
    <message>
        <source>write the {noun} as digits, e.g. 12</source>
        <translation>请用数字填写{noun}，如 12</translation>
    </message>
    <message>
        <source>negative {noun}</source>
        <translation>{noun}为负数</translation>
    </message>
    <message>
        <source>{noun} missing</source>
        <translation>缺少{noun}</translation>
    </message>
    <message>
        <source>write zero or more</source>
        <translation>请填写 0 或以上</translation>
    </message>
    <message>
        <source>fill in the {noun} (0 if there were none)</source>
        <translation>请填写{noun}（没有时填 0）</translation>
    </message>
    <message>
        <source>{count} road line(s) have no length and were left out of the network (rows {rows}{more})</source>
        <translation>{count} 条道路线长度为零，未纳入路网（行 {rows}{more}）</translation>
    </message>
    <message>
        <source>{count} road node(s) lie where the elevation model has no value; their segments are treated as level</source>
        <translation>{count} 个道路节点位于数字高程模型无值处；相关路段按平路计</translation>
    </message>
    <message>
        <source>{count} road line(s) have no geometry and were left out of the network</source>
        <translation>{count} 条道路线没有几何图形，未纳入路网</translation>
    </message>
    <message>
        <source>required field is missing</source>
        <translation>缺少必需的字段</translation>
    </message>
    <message>
        <source>unknown road class; use one of {road_classes}</source>
        <translation>未知的道路等级；请使用以下之一：{road_classes}</translation>
    </message>
    <message>
        <source>road segment length must be zero or more</source>
        <translation>路段长度须为 0 或以上</translation>
    </message>
    <message>
        <source>the travel mode has no speed for this road class; add it to [modes.{name}.speed_kmh]</source>
        <translation>该出行方式没有此道路等级的速度；请添加到 [modes.{name}.speed_kmh]</translation>
    </message>
    <message>
        <source>road node has no usable coordinates</source>
        <translation>道路节点没有可用的坐标</translation>
    </message>
    <message>
        <source>this site code is already a candidate</source>
        <translation>该选址代码已是备选</translation>
    </message>
    <message>
        <source>give it another code</source>
        <translation>请换一个代码</translation>
    </message>
    <message>
        <source>{size} place(s) with more left-behind children than children of 6-14 on the grid in {base_year}: all their children taken as left behind ({listed}{more})</source>
        <translation>{size} 个居民点的留守儿童多于 {base_year} 年网格上的 6-14 岁儿童：其儿童全部按留守儿童计（{listed}{more}）</translation>
    </message>
    <message>
        <source>{count:,.0f} left-behind children of {size} place(s) without children on the grid not counted ({listed}{more})</source>
        <translation>{size} 个居民点在网格上没有儿童，其 {count:,.0f} 名留守儿童未计入（{listed}{more}）</translation>
    </message>
    <message>
        <source>the left-behind children were matched to other places than the project&apos;s</source>
        <translation>留守儿童数据是按其他居民点（而非本项目的）匹配的</translation>
    </message>
    <message>
        <source>read the left-behind table again with this project</source>
        <translation>请用本项目重新读取留守儿童表</translation>
    </message>
    <message>
        <source>list terms of {terms} in order (beyond,unplaced,large,travel,cost) or give weights (beyond=20,cost=1)</source>
        <translation>请按顺序列出 {terms} 中的目标项（beyond,unplaced,large,travel,cost），或给出权重（beyond=20,cost=1）</translation>
    </message>
    <message>
        <source>unknown objective term</source>
        <translation>未知的目标项</translation>
    </message>
    <message>
        <source>term given twice</source>
        <translation>目标项重复</translation>
    </message>
    <message>
        <source>mix of an order and weights</source>
        <translation>顺序与权重混用</translation>
    </message>
    <message>
        <source>weight must be a number of 0 or more</source>
        <translation>权重须为 0 或以上的数</translation>
    </message>
    <message>
        <source>solving: {term}</source>
        <translation>求解：{term}</translation>
    </message>
    <message>
        <source>HiGHS stopped with an error while solving the plan ({name}: {status})</source>
        <translation>求解规划时 HiGHS 出错停止（{name}：{status}）</translation>
    </message>
    <message>
        <source>each action&apos;s worth</source>
        <translation>计算各项措施的作用</translation>
    </message>
    <message>
        <source>no plan keeps every rule within these limits</source>
        <translation>在这些限制下，没有能满足全部规则的规划</translation>
    </message>
    <message>
        <source>force fewer actions (a forced closure may leave children without any school or seat), or raise the budget</source>
        <translation>请减少强制措施（强制撤并可能使儿童无校可上或无学位），或提高预算</translation>
    </message>
    <message>
        <source>no plan found within the time limit ({status})</source>
        <translation>在时限内未找到规划（{status}）</translation>
    </message>
    <message>
        <source>allow more time, raise the budget or forbid fewer candidates</source>
        <translation>请放宽时限、提高预算或减少禁止的备选项</translation>
    </message>
    <message>
        <source>forecast of the plan&apos;s years</source>
        <translation>预测规划年份</translation>
    </message>
    <message>
        <source>candidates</source>
        <translation>备选措施</translation>
    </message>
    <message>
        <source>children of each year</source>
        <translation>各年儿童数</translation>
    </message>
    <message>
        <source>the least children without a seat, doing nothing</source>
        <translation>不采取措施时无学位儿童的最少人数</translation>
    </message>
    <message>
        <source>solving the plan</source>
        <translation>求解规划</translation>
    </message>
    <message>
        <source>plan done</source>
        <translation>规划完成</translation>
    </message>
    <message>
        <source>children grouped in blocks of {block_m:,.0f} m for the assignment; the 30-minute rule checked cell by cell</source>
        <translation>分配时儿童按 {block_m:,.0f} 米的区块归组；30 分钟规则逐个网格检查</translation>
    </message>
    <message>
        <source>school census: {total_extra:,.0f} pupils recorded beyond the children the grid gives their schools are planned for at those schools (or a school within their day-travel rule of it)</source>
        <translation>学校统计：记录的学生比网格分给这些学校的儿童多 {total_extra:,.0f} 人，这些学生在原校（或在其走读范围内的学校）规划学位</translation>
    </message>
    <message>
        <source>{n_ids} candidate actions, {size:,} columns, {shape:,} rows</source>
        <translation>{n_ids} 项备选措施，{size:,} 列，{shape:,} 行</translation>
    </message>
    <message>
        <source>no years to plan</source>
        <translation>没有要规划的年份</translation>
    </message>
    <message>
        <source>the plan&apos;s years must come after the base year</source>
        <translation>规划年份须在基准年之后</translation>
    </message>
    <message>
        <source>the plan&apos;s years must follow one another</source>
        <translation>规划年份须连续</translation>
    </message>
    <message>
        <source>an action is both forced and forbidden</source>
        <translation>有措施既被强制又被禁止</translation>
    </message>
    <message>
        <source>the forced actions cost more than the budget</source>
        <translation>强制措施的费用超过预算</translation>
    </message>
    <message>
        <source>give the years, e.g. 2026-2030</source>
        <translation>请给出年份，如 2026-2030</translation>
    </message>
    <message>
        <source>start after {base}, the year of the project&apos;s children</source>
        <translation>请从 {base} 年（项目儿童数据的年份）之后开始</translation>
    </message>
    <message>
        <source>give a span such as 2026-2030</source>
        <translation>请给出时段，如 2026-2030</translation>
    </message>
    <message>
        <source>a budget must be a number of 0 or more (万元)</source>
        <translation>预算须为 0 或以上的数（万元）</translation>
    </message>
    <message>
        <source>keep it in one of the two</source>
        <translation>请只保留在其中之一</translation>
    </message>
    <message>
        <source>forced actions contradict each other (a school closes, merges or becomes a teaching point once)</source>
        <translation>强制措施相互矛盾（一所学校只能撤销、合并或改为教学点一次）</translation>
    </message>
    <message>
        <source>raise the budget to at least {ceil:,} 万元 or force fewer actions</source>
        <translation>请将预算提高到至少 {ceil:,} 万元，或减少强制措施</translation>
    </message>
    <message>
        <source>give the budget in 万元, e.g. 8000</source>
        <translation>请以万元为单位给出预算，如 8000</translation>
    </message>
    <message>
        <source>no such candidate action</source>
        <translation>没有这项备选措施</translation>
    </message>
    <message>
        <source>force one of them</source>
        <translation>请只强制其中之一</translation>
    </message>
    <message>
        <source>use an id of the candidates list (close:ID, teaching_point:ID, merge:ID&gt;INTO, expand:ID:LEVEL, beds:ID, new:SITE)</source>
        <translation>请使用备选措施列表中的编号（close:ID、teaching_point:ID、merge:ID&gt;INTO、expand:ID:LEVEL、beds:ID、new:SITE）</translation>
    </message>
    <message>
        <source>plan analysed</source>
        <translation>规划分析完成</translation>
    </message>
    <message>
        <source>budgets done</source>
        <translation>预算测算完成</translation>
    </message>
    <message>
        <source>budget {amount:,.0f} 万元</source>
        <translation>预算 {amount:,.0f} 万元</translation>
    </message>
    <message>
        <source>unknown road class; use one of {classes}</source>
        <translation>未知的道路等级；请使用以下之一：{classes}</translation>
    </message>
    <message>
        <source>road</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>unknown kind of place; use one of {kinds}</source>
        <translation>未知的居民点类别；请使用以下之一：{kinds}</translation>
    </message>
    <message>
        <source>place</source>
        <translation>居民点</translation>
    </message>
    <message>
        <source>unknown school type; use one of {types}</source>
        <translation>未知的学校类型；请使用以下之一：{types}</translation>
    </message>
    <message>
        <source>grades run from grade_min to grade_max, at most {grade}</source>
        <translation>年级从 grade_min 到 grade_max，最高为 {grade}</translation>
    </message>
    <message>
        <source>must be yes or no (1 or 0)</source>
        <translation>须为是或否（1 或 0）</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>cell id appears more than once</source>
        <translation>网格编号重复</translation>
    </message>
    <message>
        <source>population cell</source>
        <translation>人口网格</translation>
    </message>
    <message>
        <source>required layer is missing</source>
        <translation>缺少必需的图层</translation>
    </message>
    <message>
        <source>layer reprojected from {source} to the schools&apos; {crs}</source>
        <translation>图层已从 {source} 转换到学校图层的 {crs}</translation>
    </message>
    <message>
        <source>{what} has no location</source>
        <translation>{what}没有位置</translation>
    </message>
    <message>
        <source>township code</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <source>school code</source>
        <translation>学校代码</translation>
    </message>
    <message>
        <source>school name</source>
        <translation>校名</translation>
    </message>
    <message>
        <source>correct grade_min and grade_max (1 to 9)</source>
        <translation>请更正 grade_min 和 grade_max（1 至 9）</translation>
    </message>
    <message>
        <source>write 1 for a boarding school, else 0</source>
        <translation>寄宿制学校填 1，否则填 0</translation>
    </message>
    <message>
        <source>school {name} lies {distance:,.1f} km outside the county</source>
        <translation>学校 {name} 位于县界外 {distance:,.1f} 公里</translation>
    </message>
    <message>
        <source>check its coordinates (latitude and longitude swapped, or in another coordinate system)</source>
        <translation>请检查其坐标（经纬度填反，或使用了其他坐标系）</translation>
    </message>
    <message>
        <source>give each cell its own id</source>
        <translation>请为每个网格填写各自的编号</translation>
    </message>
    <message>
        <source>no scenario of this name in the project</source>
        <translation>项目中没有该名称的方案</translation>
    </message>
    <message>
        <source>project file not found</source>
        <translation>找不到项目文件</translation>
    </message>
    <message>
        <source>layer is in geographic coordinates (degrees)</source>
        <translation>图层为地理坐标（度）</translation>
    </message>
    <message>
        <source>save the project to store it in one CRS</source>
        <translation>请保存项目，使其统一为一个坐标系</translation>
    </message>
    <message>
        <source>a whole number of zero or more</source>
        <translation>0 或以上的整数</translation>
    </message>
    <message>
        <source>must be a whole number of {least:g} or more</source>
        <translation>须为 {least:g} 或以上的整数</translation>
    </message>
    <message>
        <source>must be a number of {least:g} or more</source>
        <translation>须为 {least:g} 或以上的数</translation>
    </message>
    <message>
        <source>write a whole number of {least:g} or more in it</source>
        <translation>请填写 {least:g} 或以上的整数</translation>
    </message>
    <message>
        <source>write a number of {least:g} or more in it</source>
        <translation>请填写 {least:g} 或以上的数</translation>
    </message>
    <message>
        <source>must be a whole number of zero or more</source>
        <translation>须为 0 或以上的整数</translation>
    </message>
    <message>
        <source>must be a number of zero or more</source>
        <translation>须为 0 或以上的数</translation>
    </message>
    <message>
        <source>write a whole number of zero or more in it (0 where there are none)</source>
        <translation>请填写 0 或以上的整数（没有时填 0）</translation>
    </message>
    <message>
        <source>write a number of zero or more in it (0 where there are none)</source>
        <translation>请填写 0 或以上的数（没有时填 0）</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>须为整数</translation>
    </message>
    <message>
        <source>{what} is empty</source>
        <translation>{what}为空</translation>
    </message>
    <message>
        <source>place the {what} in a GIS and save again</source>
        <translation>请在 GIS 软件中标出{what}的位置并重新保存</translation>
    </message>
    <message>
        <source>the roads layer has no roads</source>
        <translation>道路图层中没有道路</translation>
    </message>
    <message>
        <source>the schools layer has no schools</source>
        <translation>学校图层中没有学校</translation>
    </message>
    <message>
        <source>school code appears more than once ({same})</source>
        <translation>学校代码重复（{same}）</translation>
    </message>
    <message>
        <source>the population layer has no cells: no children to plan for</source>
        <translation>人口图层没有网格：没有可规划的儿童</translation>
    </message>
    <message>
        <source>scenarios: {have}</source>
        <translation>方案：{have}</translation>
    </message>
    <message>
        <source>not a readable GeoPackage ({exc})</source>
        <translation>不是可读取的 GeoPackage（{exc}）</translation>
    </message>
    <message>
        <source>layer cannot be read, the file is damaged ({exc})</source>
        <translation>无法读取图层，文件已损坏（{exc}）</translation>
    </message>
    <message>
        <source>assign its CRS in a GIS and save again</source>
        <translation>请在 GIS 软件中指定其坐标系并重新保存</translation>
    </message>
    <message>
        <source>reproject the project to a metric CRS such as CGCS2000 Gauss-Kruger</source>
        <translation>请将项目转换到以米为单位的坐标系，如 CGCS2000 高斯-克吕格投影</translation>
    </message>
    <message>
        <source>layer cannot be reprojected to the schools&apos; {crs} ({exc})</source>
        <translation>图层无法转换到学校图层的 {crs}（{exc}）</translation>
    </message>
    <message>
        <source>setting without a key (its value: {shown})</source>
        <translation>设置缺少键名（其值为：{shown}）</translation>
    </message>
    <message>
        <source>a positive number</source>
        <translation>正数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数</translation>
    </message>
    <message>
        <source>setting must be {kind}</source>
        <translation>该设置须为{kind}</translation>
    </message>
    <message>
        <source>round it to a whole number</source>
        <translation>请取整</translation>
    </message>
    <message>
        <source>give every feature its {what}</source>
        <translation>请为每个要素填写{what}</translation>
    </message>
    <message>
        <source>{what} must be a {kinds}</source>
        <translation>{what}须为 {kinds}</translation>
    </message>
    <message>
        <source>draw it again as a {kinds} in a GIS</source>
        <translation>请在 GIS 软件中重新绘制为 {kinds}</translation>
    </message>
    <message>
        <source>import the county&apos;s roads again</source>
        <translation>请重新导入全县道路</translation>
    </message>
    <message>
        <source>import the county&apos;s schools again</source>
        <translation>请重新导入全县学校</translation>
    </message>
    <message>
        <source>school drawn as a polygon: placed at its centroid</source>
        <translation>学校绘制为面：已放在其中心点</translation>
    </message>
    <message>
        <source>import the county&apos;s population again</source>
        <translation>请重新导入全县人口</translation>
    </message>
    <message>
        <source>open a SchoolPlan project (.gpkg)</source>
        <translation>请打开 SchoolPlan 项目（.gpkg）</translation>
    </message>
    <message>
        <source>open a backup of the project, or import the county again</source>
        <translation>请打开项目的备份，或重新导入全县数据</translation>
    </message>
    <message>
        <source>assign its CRS in a GIS (the schools are in {crs}) and save again</source>
        <translation>请在 GIS 软件中指定其坐标系（学校图层为 {crs}）并重新保存</translation>
    </message>
    <message>
        <source>reproject it to {crs} in a GIS and save again</source>
        <translation>请在 GIS 软件中将其转换到 {crs} 并重新保存</translation>
    </message>
    <message>
        <source>write its key ({items}) or delete the row</source>
        <translation>请填写其键名（{items}）或删除该行</translation>
    </message>
    <message>
        <source>correct it in the settings table, or import the county again</source>
        <translation>请在设置表中更正，或重新导入全县数据</translation>
    </message>
    <message>
        <source>elevation has no coordinate reference system</source>
        <translation>高程数据没有坐标系</translation>
    </message>
    <message>
        <source>elevation is in another CRS than the schools&apos; {crs}</source>
        <translation>高程数据的坐标系与学校图层的 {crs} 不同</translation>
    </message>
    <message>
        <source>elevation cannot be read ({exc})</source>
        <translation>无法读取高程数据（{exc}）</translation>
    </message>
    <message>
        <source>import the DEM again</source>
        <translation>请重新导入数字高程模型</translation>
    </message>
    <message>
        <source>reproject the DEM to {crs} (gdalwarp -t_srs {crs}), or import the DEM again</source>
        <translation>请将数字高程模型转换到 {crs}（gdalwarp -t_srs {crs}），或重新导入</translation>
    </message>
    <message>
        <source>the receiving school must be one of the merged schools</source>
        <translation>接收学校须为被合并的学校之一</translation>
    </message>
    <message>
        <source>a merger needs at least two different schools</source>
        <translation>合并至少需要两所不同的学校</translation>
    </message>
    <message>
        <source>unknown school type</source>
        <translation>未知的学校类型</translation>
    </message>
    <message>
        <source>this school code is already in use</source>
        <translation>该学校代码已被使用</translation>
    </message>
    <message>
        <source>the new school lies outside the county</source>
        <translation>新学校位于县界之外</translation>
    </message>
    <message>
        <source>grades must run from 1 to 9, the first no higher than the last</source>
        <translation>年级须在 1 至 9 之间，起始年级不高于最高年级</translation>
    </message>
    <message>
        <source>no such school (it may have been closed or merged by an earlier edit)</source>
        <translation>没有这所学校（可能已被之前的调整撤销或合并）</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>不能为负数</translation>
    </message>
    <message>
        <source>use one of {type_grades}</source>
        <translation>请使用以下之一：{type_grades}</translation>
    </message>
    <message>
        <source>give the new school a code of its own</source>
        <translation>请为新学校填写单独的代码</translation>
    </message>
    <message>
        <source>give a point inside the county in the project&apos;s CRS ({crs})</source>
        <translation>请用项目坐标系（{crs}）给出县域内的一个点</translation>
    </message>
    <message>
        <source>would leave the school with less than none</source>
        <translation>会使学校的资源少于零</translation>
    </message>
    <message>
        <source>check the school code</source>
        <translation>请检查学校代码</translation>
    </message>
    <message>
        <source>take away at most what the school has</source>
        <translation>减少的数量不能超过学校现有的数量</translation>
    </message>
    <message>
        <source>standard is missing; add its [balance.standards.NAME] table</source>
        <translation>缺少该标准；请添加其 [balance.standards.NAME] 表</translation>
    </message>
    <message>
        <source>unknown standard; use one of {quality_standards}</source>
        <translation>未知的标准；请使用以下之一：{quality_standards}</translation>
    </message>
    <message>
        <source>unknown travel mode; define [modes.{board_mode}] or use one of {modes}</source>
        <translation>未知的出行方式；请定义 [modes.{board_mode}] 或使用以下之一：{modes}</translation>
    </message>
    <message>
        <source>slope model must be &apos;tobler&apos; or &apos;none&apos;</source>
        <translation>坡度模型须为“tobler”或“none”</translation>
    </message>
    <message>
        <source>standards file not found</source>
        <translation>找不到标准文件</translation>
    </message>
    <message>
        <source>not a valid TOML file ({exc})</source>
        <translation>不是有效的 TOML 文件（{exc}）</translation>
    </message>
    <message>
        <source>must be a table with speed_kmh, slope and off_road_kmh</source>
        <translation>须为含 speed_kmh、slope 和 off_road_kmh 的表</translation>
    </message>
    <message>
        <source>unknown travel mode; define [modes.{mode}] or use one of {modes}</source>
        <translation>未知的出行方式；请定义 [modes.{mode}] 或使用以下之一：{modes}</translation>
    </message>
    <message>
        <source>unknown cost</source>
        <translation>未知的费用项</translation>
    </message>
    <message>
        <source>must be at least {shown}, the value of {other}</source>
        <translation>须不小于 {other} 的值 {shown}</translation>
    </message>
    <message>
        <source>use one of {names} (or NAME_source for a source)</source>
        <translation>请使用以下之一：{names}（来源请用 NAME_source）</translation>
    </message>
    <message>
        <source>setting is missing</source>
        <translation>缺少该设置</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>须为 true 或 false</translation>
    </message>
    <message>
        <source>must be a table</source>
        <translation>须为表</translation>
    </message>
    <message>
        <source>standards plan: {cost:,.1f} 万元</source>
        <translation>达标方案：{cost:,.1f} 万元</translation>
    </message>
    <message>
        <source>standards plan: building the model</source>
        <translation>达标方案：建立模型</translation>
    </message>
    <message>
        <source>standards plan: writing the plan</source>
        <translation>达标方案：整理方案</translation>
    </message>
    <message>
        <source>HiGHS stopped with an error while solving the standards plan ({status})</source>
        <translation>求解达标方案时 HiGHS 出错停止（{status}）</translation>
    </message>
    <message>
        <source>standards plan: round {rounds}, {cuts} cuts</source>
        <translation>达标方案：第 {rounds} 轮，{cuts} 条割平面</translation>
    </message>
    <message>
        <source>standards plan: relaxation, round {rounds}</source>
        <translation>达标方案：松弛问题，第 {rounds} 轮</translation>
    </message>
    <message>
        <source>no spare land given: sports ground is added without a limit of land</source>
        <translation>未提供可用场地：新建体育运动场地不受用地限制</translation>
    </message>
    <message>
        <source>no teacher transfers: teachers are only hired</source>
        <translation>不进行教师交流轮岗：教师只通过招聘增加</translation>
    </message>
    <message>
        <source>standards plan: Pareto view, budget {k} of {n}</source>
        <translation>达标方案：预算对比，第 {k} / {n} 个预算</translation>
    </message>
    <message>
        <source>the {indicator} of every school could be moved away</source>
        <translation>每所学校的{indicator}都可能被调走</translation>
    </message>
    <message>
        <source>the posts by the norm ({posts:,.0f}) are fewer than the teachers there are ({staff:,.0f}): no teacher is hired</source>
        <translation>按标准核定的编制（{posts:,.0f} 个）少于现有教师（{staff:,.0f} 人）：不招聘教师</translation>
    </message>
    <message>
        <source>the budget must be 0 or more</source>
        <translation>预算必须为 0 或以上</translation>
    </message>
    <message>
        <source>the staff posts must be 0 or more</source>
        <translation>编制数必须为 0 或以上</translation>
    </message>
    <message>
        <source>the time limit must be above 0, the gap and the Pareto steps 0 or more</source>
        <translation>求解时限必须大于 0，间隙和预算对比步数必须为 0 或以上</translation>
    </message>
    <message>
        <source>no plan that meets every threshold was found within the time limit</source>
        <translation>在求解时限内未找到满足全部差异系数标准的方案</translation>
    </message>
    <message>
        <source>the standards plan&apos;s answer fails a school it should meet ({school})</source>
        <translation>达标方案的结果未能使应达标的学校达标（{school}）</translation>
    </message>
    <message>
        <source>the teachers moved could not be paired with their new schools</source>
        <translation>交流的教师无法与其新学校一一对应</translation>
    </message>
    <message>
        <source>check the schools&apos; teachers</source>
        <translation>检查学校的教师数据</translation>
    </message>
    <message>
        <source>the staff posts are fewer than the teachers the schools have ({staff:,.0f})</source>
        <translation>编制数少于学校现有教师（{staff:,.0f} 人）</translation>
    </message>
    <message>
        <source>give the budget in 万元</source>
        <translation>以万元填写预算</translation>
    </message>
    <message>
        <source>no such school</source>
        <translation>没有该学校</translation>
    </message>
    <message>
        <source>allow more time, or give a budget to see the most it reaches</source>
        <translation>延长求解时限，或给出预算以查看其最多能达到的目标</translation>
    </message>
    <message>
        <source>{school} cannot meet the {level} standards, whatever is spent: {indicators} cannot be reached (no spare land, no free staff post, no teacher to move)</source>
        <translation>{school}无论投入多少都无法达到{level}标准：{indicators}无法达到（没有可用场地、没有空余编制、没有可交流的教师）</translation>
    </message>
    <message>
        <source>the standards plan&apos;s answer fails a coefficient it should meet ({indicator})</source>
        <translation>达标方案的结果未能使应达标的差异系数达标（{indicator}）</translation>
    </message>
    <message>
        <source>give the county&apos;s posts (编制), at least the teachers there are</source>
        <translation>填写全县编制数，不少于现有教师数</translation>
    </message>
    <message>
        <source>spare land must be 0 m² or more</source>
        <translation>可用场地面积必须为 0 平方米或以上</translation>
    </message>
    <message>
        <source>give the school&apos;s spare land, raise the staff posts (编制) or allow transfers</source>
        <translation>提供学校的可用场地、增加编制或允许教师交流轮岗</translation>
    </message>
    <message>
        <source>give the land the school has for sports ground, in m²</source>
        <translation>填写学校可用于体育运动场地的面积（平方米）</translation>
    </message>
    <message>
        <source>each cell&apos;s nearest schools</source>
        <translation>计算各网格最近的学校</translation>
    </message>
    <message>
        <source>closures and mergers</source>
        <translation>撤并</translation>
    </message>
    <message>
        <source>suggestions done</source>
        <translation>建议生成完成</translation>
    </message>
    <message>
        <source>closures and mergers done</source>
        <translation>撤并分析完成</translation>
    </message>
    <message>
        <source>candidate sites, {level} {group}</source>
        <translation>备选校址：{level}{group}</translation>
    </message>
    <message>
        <source>closures and mergers: {school}</source>
        <translation>撤并：{school}</translation>
    </message>
    <message>
        <source>new schools, {level} {group}</source>
        <translation>新建学校：{level}{group}</translation>
    </message>
    <message>
        <source>{level} {group}: no candidate site is nearer than the current schools</source>
        <translation>{level}{group}：没有比现有学校更近的备选校址</translation>
    </message>
    <message>
        <source>new schools, {level} {group}: {sites} sites</source>
        <translation>新建学校：{level}{group}，{sites} 处校址</translation>
    </message>
    <message>
        <source>{level} {group}: {total:.0f} children beyond {threshold_min:.0f} minutes, but no new site would serve {minimum:.0f} of them</source>
        <translation>{level}{group}：有 {total:.0f} 名儿童上学超过 {threshold_min:.0f} 分钟，但没有哪处新校址能服务其中 {minimum:.0f} 人</translation>
    </message>
    <message>
        <source>{school} ({school_id}) kept: {reason}</source>
        <translation>{school}（{school_id}）保留：{reason}</translation>
    </message>
    <message>
        <source>{school} ({school_id}) has no children in its catchment on the population grid</source>
        <translation>{school}（{school_id}）的服务范围在人口网格上没有儿童</translation>
    </message>
    <message>
        <source>{far} grade 1–3 children would walk more than {minutes:.0f} minutes</source>
        <translation>{far} 名一至三年级儿童步行将超过 {minutes:.0f} 分钟</translation>
    </message>
    <message>
        <source>{lost} pupils ({group}) would have no school within {minutes:.0f} minutes</source>
        <translation>{lost} 名学生（{group}）在 {minutes:.0f} 分钟内将无校可上</translation>
    </message>
    <message>
        <source>{school} ({school_id}) kept: the receiving schools lack {lacking:.0f} seats (build before close: add seats first)</source>
        <translation>{school}（{school_id}）保留：接收学校缺少 {lacking:.0f} 个学位（先建后撤：先增加学位）</translation>
    </message>
    <message>
        <source>joining facilities to the road network</source>
        <translation>将学校连接到路网</translation>
    </message>
    <message>
        <source>joining origins to the road network</source>
        <translation>将出发点连接到路网</translation>
    </message>
    <message>
        <source>routing to the nearest facility</source>
        <translation>计算到最近学校的路径</translation>
    </message>
    <message>
        <source>travel times per origin</source>
        <translation>计算各出发点的上学时间</translation>
    </message>
    <message>
        <source>travel times done</source>
        <translation>上学时间计算完成</translation>
    </message>
    <message>
        <source>joining points to the road network</source>
        <translation>将各点连接到路网</translation>
    </message>
    <message>
        <source>travel times within the limit</source>
        <translation>计算限定时间内的上学时间</translation>
    </message>
    <message>
        <source>the road network has no segments</source>
        <translation>路网没有路段</translation>
    </message>
    <message>
        <source>add roads to the project</source>
        <translation>请向项目添加道路</translation>
    </message>
    <message>
        <source>{what}: coordinate is not a finite number</source>
        <translation>{what}：坐标不是有限数值</translation>
    </message>
    <message>
        <source>teachers&apos; commutes between schools</source>
        <translation>学校之间教师的通勤时间</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>{label}: {message}</source>
        <translation>{label}：{message}</translation>
    </message>
    <message>
        <source>forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>the last year comes before the first</source>
        <translation>末年早于首年</translation>
    </message>
    <message>
        <source>village areas</source>
        <translation>村范围</translation>
    </message>
    <message>
        <source>travel times from the villages to the schools</source>
        <translation>各村到学校的路程时间</translation>
    </message>
    <message>
        <source>drawing the zones</source>
        <translation>划定片区</translation>
    </message>
    <message>
        <source>zone polygons</source>
        <translation>片区范围</translation>
    </message>
    <message>
        <source>no arrangement of whole villages in contiguous zones fits the seats; the schools with least to spare: {schools}</source>
        <translation>以整村、连片划分的任何方案都容纳不下：学位最紧的学校为{schools}</translation>
    </message>
    <message>
        <source>whole villages in contiguous zones do not fit every school&apos;s seats: {schools} hold more children than seats ({children:,.0f} over in all); add seats there, or cut the villages into blocks (--villages)</source>
        <translation>以整村、连片划分容纳不下所有学校的学位：{schools}划入的儿童多于学位（共超出{children:,.0f}人）；请为这些学校增加学位，或分块提供村界（--villages）</translation>
    </message>
    <message>
        <source>the county has no village boundaries: each village&apos;s area is the part of its township nearest to it (Voronoi)</source>
        <translation>本县未提供村界：各村范围取乡镇内离该村最近的区域（泰森多边形）</translation>
    </message>
    <message>
        <source>unknown level</source>
        <translation>未知学段</translation>
    </message>
    <message>
        <source>no school takes this level&apos;s entrants</source>
        <translation>没有学校招收该学段的新生</translation>
    </message>
    <message>
        <source>no school of the level can take this village within the rules</source>
        <translation>按规则该学段没有学校能接收这个村</translation>
    </message>
    <message>
        <source>in {year}, the villages {villages} ({children:,.0f} children) can only go to the schools {schools} ({seats:,.0f} seats): no arrangement fits</source>
        <translation>{year}年，{villages}（{children:,.0f}名儿童）只能到{schools}就读（{seats:,.0f}个学位）：任何划片都容纳不下</translation>
    </message>
    <message>
        <source>add seats at these schools, or cut the towns into smaller blocks (--blocks)</source>
        <translation>请为这些学校增加学位，或把城镇划成更小的片区（--blocks）</translation>
    </message>
    <message>
        <source>candidate sites</source>
        <translation>备选校址</translation>
    </message>
    <message>
        <source>use primary or junior</source>
        <translation>请用 primary（小学）或 junior（初中）</translation>
    </message>
    <message>
        <source>village code not among the project&apos;s villages</source>
        <translation>村代码不在本项目的村中</translation>
    </message>
    <message>
        <source>school not among the schools of this level</source>
        <translation>学校不在该学段的学校中</translation>
    </message>
    <message>
        <source>check the roads near it, or add a school</source>
        <translation>请检查其附近的道路，或增设学校</translation>
    </message>
    <message>
        <source>in {year}, the village {village} has {children:,.0f} children, more than any school it may go to can seat ({schools})</source>
        <translation>{year}年，{village}有{children:,.0f}名儿童，超过其可就读的任何一所学校的学位（{schools}）</translation>
    </message>
    <message>
        <source>add seats at these schools, or open a school for these villages</source>
        <translation>请为这些学校增加学位，或为这些村新建学校</translation>
    </message>
    <message>
        <source>use the codes of the zones table SchoolPlan writes (zones.csv)</source>
        <translation>请使用 SchoolPlan 输出的划片表（zones.csv）中的代码</translation>
    </message>
    <message>
        <source>use the school codes of the project</source>
        <translation>请使用本项目的学校代码</translation>
    </message>
    <message>
        <source>add seats at a school near it, or give the village&apos;s boundaries in parts (--villages)</source>
        <translation>请为其附近的学校增加学位，或分块提供该村村界（--villages）</translation>
    </message>
    <message>
        <source>enrolment zones: round {n}, {cuts} contiguity cuts</source>
        <translation>招生划片：第{n}轮，{cuts}条连片割平面</translation>
    </message>
    <message>
        <source>no contiguous zones were found within the time limit; give the solver more time (--time-limit)</source>
        <translation>在时限内未找到连片的划片方案；请给求解器更多时间（--time-limit）</translation>
    </message>
    <message>
        <source>the places have no codes: each village&apos;s code is its township&apos;s code and its number in the township</source>
        <translation>地名点没有代码：各村代码取其乡镇代码加该村在乡镇内的序号</translation>
    </message>
    <message>
        <source>{cells} populated cells lie outside every village area and were given to the nearest village</source>
        <translation>{cells}个有人口的格网不在任何村范围内，已归入最近的村</translation>
    </message>
    <message>
        <source>the project has no places; enrolment zones are made of villages</source>
        <translation>项目没有地名点；招生片区由村组成</translation>
    </message>
    <message>
        <source>place outside every township boundary</source>
        <translation>地名点不在任何乡镇界内</translation>
    </message>
    <message>
        <source>check its coordinates or the township boundaries</source>
        <translation>请检查其坐标或乡镇界</translation>
    </message>
    <message>
        <source>{place} block {n}</source>
        <translation>{place}第{n}片</translation>
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
        <source>teaching_point</source>
        <translation>教学点</translation>
    </message>
    <message>
        <source>nine_year</source>
        <translation>九年一贯制学校</translation>
    </message>
    <message>
        <source>grades_1_3</source>
        <translation>一至三年级</translation>
    </message>
    <message>
        <source>grades_4_6</source>
        <translation>四至六年级</translation>
    </message>
    <message>
        <source>grades_7_9</source>
        <translation>七至九年级</translation>
    </message>
    <message>
        <source>beyond</source>
        <translation>超出走读范围</translation>
    </message>
    <message>
        <source>unplaced</source>
        <translation>无学位</translation>
    </message>
    <message>
        <source>large</source>
        <translation>大班额</translation>
    </message>
    <message>
        <source>travel</source>
        <translation>上学时间</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>weighted</source>
        <translation>加权</translation>
    </message>
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
        <source>layer {layer}</source>
        <translation>图层 {layer}</translation>
    </message>
    <message>
        <source>feature {feature}</source>
        <translation>要素 {feature}</translation>
    </message>
    <message>
        <source>field {field}</source>
        <translation>字段 {field}</translation>
    </message>
    <message>
        <source>{where}: {message}</source>
        <translation>{where}：{message}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source> (value: {value})</source>
        <translation>（值：{value}）</translation>
    </message>
    <message>
        <source>; {fix}</source>
        <translation>；{fix}</translation>
    </message>
</context>
</TS>
