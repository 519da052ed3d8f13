"""The 18 fireworks retail shops of 高兴镇, verbatim from seed 004 attachment 2 (烟花爆竹安全生产责任公示牌).

The seed masks every phone as 1xxxxxxxxxx; the generator gives each person one generated mobile number.
Row 8 names no cadre, only "驻村干部", and has no phone: it stays that way. Names such as "曾 勇" keep the
space the seed prints between a one-character surname and given name.
"""

from __future__ import annotations

GAOXING_CODE = "360732104000"
RESPONSIBLE_UNIT = "高兴镇人民政府"
NO_CADRE = "驻村干部"

# (shop name, principal, liaison leader 挂点领导, responsible cadre 责任干部)
SHOPS: tuple[tuple[str, str, str, str], ...] = (
    ("王国平烟花爆竹零售店", "王国平", "周甘华", "康富春"),
    ("刘晓荣烟花爆竹零售店", "刘晓荣", "肖玉燕", "赖智灵"),
    ("钟人茗烟花爆竹零售店", "钟人茗", "张运元", "梁振根"),
    ("谢水力烟花爆竹零售店", "谢水力", "谢金标", "邓桂兰"),
    ("曾 勇烟花爆竹零售店", "曾 勇", "黄 清", "邱卫芳"),
    ("张功有烟花爆竹零售店", "张功有", "谢金标", "邓桂兰"),
    ("邱德有烟花爆竹零售店", "邱德有", "钟观发", "钟修洪"),
    ("钟起梁烟花爆竹零售店", "钟起梁", "廖芸茹", NO_CADRE),
    ("钟秀英烟花爆竹零售店", "钟秀英", "朱复升", "刘水凤"),
    ("肖毓全烟花爆竹零售店", "肖毓全", "肖玉燕", "赖智灵"),
    ("赖炎根烟花爆竹零售店", "赖炎根", "谢金标", "邓桂兰"),
    ("赖如明烟花爆竹零售店", "赖如明", "黄 清", "邱卫芳"),
    ("江志有烟花爆竹零售店", "江志有", "黄 清", "邱卫芳"),
    ("钟科锋烟花爆竹零售店", "钟科锋", "谢金标", "邓桂兰"),
    ("邱华香烟花爆竹零售店", "邱华香", "黄 清", "邱卫芳"),
    ("刘玉华烟花爆竹零售店", "刘玉华", "朱复升", "刘水凤"),
    ("刘衍海烟花爆竹零售店", "刘衍海", "肖玉燕", "赖智灵"),
    ("张祖华烟花爆竹零售店", "张祖华", "黄 清", "邱卫芳"),
)

# 高兴镇's liaison leaders and cadres from the table; the town's other units draw from the same people.
GAOXING_LEADERS = tuple(dict.fromkeys(row[2] for row in SHOPS))
GAOXING_CADRES = tuple(dict.fromkeys(row[3] for row in SHOPS if row[3] != NO_CADRE))
