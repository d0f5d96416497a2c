"""What things are called: the county's name and code, Chinese place names and ordinals.

Township names come from a curated list first; then, like the names of villages and streams,
from combinations of common place-name characters, shuffled by the random generator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

COUNTY_NAME = "半仓县"
COUNTY_CODE = "522699"  # an invented code in Guizhou's range (52)

# The counties of the demo province (demo.province): invented names (none a county's name,
# present or past, that we know of) with the ASCII stems of their files. No stem is one of the
# two-character place names the steps draw (a first and a second character below), so the
# county's main river is never also the name of one of its streams.
PROVINCE_COUNTIES = (
    ("青岚县", "qinglan"), ("云渡县", "yundu"), ("岚溪县", "lanxi"), ("霞峰县", "xiafeng"),
    ("鹤鸣县", "heming"), ("苍岭县", "cangling"), ("栖云县", "qiyun"), ("紫霞县", "zixia"),
    ("碧渡县", "bidu"), ("龙岚县", "longlan"), ("凤岚县", "fenglan"), ("秀岭县", "xiuling"),
    ("明渡县", "mingdu"), ("宁川县", "ningchuan"), ("瑶岭县", "yaoling"), ("隆渡县", "longdu"),
    ("岚川县", "lanchuan"), ("盘岭县", "panling"), ("泉峰县", "quanfeng"), ("鹿鸣县", "luming"),
    ("峦江县", "luanjiang"), ("蒙溪县", "mengxi"), ("竹岚县", "zhulan"), ("思岚县", "silan"),
    ("望云县", "wangyun"), ("雁岭县", "yanling"), ("翠渡县", "cuidu"), ("泓川县", "hongchuan"),
    ("霁峰县", "jifeng"), ("澄岭县", "chengling"), ("涟川县", "lianchuan"), ("苗岭县", "miaoling"),
    ("芦渡县", "ludu"), ("枫川县", "fengchuan"), ("桐岚县", "tonglan"), ("榕溪县", "rongxi"),
    ("椿岭县", "chunling"), ("岚峰县", "lanfeng"), ("鸣川县", "mingchuan"), ("丹渡县", "dandu"),
    ("黛岭县", "dailing"), ("靛川县", "dianchuan"), ("沁岚县", "qinlan"), ("滢川县", "yingchuan"),
    ("彤渡县", "tongdu"), ("峻川县", "junchuan"), ("岱岚县", "dailan"), ("熙岭县", "xiling"),
    ("昀川县", "yunchuan"), ("璃溪县", "lixi"), ("翎渡县", "lingdu"), ("萝岭县", "luoling"),
    ("蘅川县", "hengchuan"), ("鹭岚县", "lulan"), ("瀚岭县", "hanling"), ("岫川县", "xiuchuan"),
    ("沣岭县", "fengling"), ("荔岚县", "lilan"), ("苔溪县", "taixi"), ("霖渡县", "lindu"),
)  # fmt: skip
# The demo province's county codes: PROVINCE_CODE_PREFIX and 40, 41 … 99, numbers no county of
# the prefecture 5227 (Qiannan, Guizhou) has.
PROVINCE_CODE_PREFIX = "5227"
PROVINCE_FIRST_CODE = 40

# Township names are drawn from these first.
TOWNSHIP_BASES = (
    "河口", "龙潭", "石门", "大坝", "新场", "平寨", "白岩", "青山", "高坡", "羊场", "黄泥", "江口", "沙坝",
    "清水", "茅坪", "桃园", "猫场", "马场", "牛场", "兴隆", "太平", "长坝", "坪上", "落洞", "杉木", "岩脚",
    "水口", "三合", "龙井", "木瓜", "黑石", "红岩", "观音", "金竹", "凉水", "盘山", "洛河", "双河", "鸡场",
)  # fmt: skip
_FIRST_CHARS = (
    "大小上下新老高白黑红青黄石龙马牛羊猫鸡鱼花金银铜铁水沙岩木竹杉松柏桃李梨茶麻凉冷清干三四五双半长平"
    "杨柳樟枫桂兰朝阳虎凤鹿狮鹰"
)
_SECOND_CHARS = "寨坝坪湾沟冲岩山坡田井场堡关洞溪林营屯庄塘桥垭槽院园脚头口坳箐"
MINORITIES = ("苗族", "布依族", "仡佬族", "彝族")
_CN_DIGITS = "零一二三四五六七八九"


def name_pool(rng: np.random.Generator, curated: Sequence[str] = ()) -> list[str]:
    """Place-name stems: curated ones first, then shuffled two- and three-character combinations."""
    pairs = [f + s for f in _FIRST_CHARS for s in _SECOND_CHARS if f != s]
    triples = [f + g + s for f in _FIRST_CHARS[:20] for g in _FIRST_CHARS[20:50] for s in _SECOND_CHARS[:12]]
    rest = [pairs[i] for i in rng.permutation(len(pairs))] + [triples[i] for i in rng.permutation(len(triples))]
    seen = set(curated)
    return list(curated) + [name for name in rest if name not in seen]


def cn_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (for n below 100)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[units] if units or not head else "")


def township_stem(township: str) -> str:
    """A township's name without 乡 or 镇 and without the minority (龙潭苗族乡 -> 龙潭)."""
    for minority in MINORITIES:
        if township.endswith(minority + "乡"):
            return township[: -len(minority) - 1]
    return township[:-1]
