"""Text for tools/make_screenshots.py: the dev set is the sample posts; the test set is written
here, separately, and is never looked at while tuning companion/ocr."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

SAMPLES = (
    Path(__file__).resolve().parent.parent / "companion" / "resources" / "samples" / "posts.json"
)
_STICKER = re.compile(r"\[[^\[\]\s]{1,6}R\]")
_TAG_LINE = re.compile(r"#[^#\s]+\[话题\]#")
PLACES = ("上海", "北京", "广东", "浙江", "四川", "江苏", "湖北", "福建", "山东", "云南", "海外")

TEST_POSTS = [
    (
        "周末去爬山｜第一次挑战十公里山路⛰️",
        "阿树不爱早起",
        ["徒步", "周末去哪儿", "户外运动"],
        [
            "上周六跟朋友约了去郊区爬山，早上六点就出发了。",
            "山路比想象中难走很多，一路上休息了好几次，腿抖得不行😂",
            "不过到山顶的那一刻，看到云海从脚下慢慢飘过去，觉得一切都值了！",
            "建议大家穿防滑的运动鞋，多带一瓶水，山上的小卖部一瓶水要十块钱。",
        ],
    ),
    (
        "下班后的小厨房🍜 十五分钟搞定一碗牛肉面",
        "晚饭研究所",
        ["快手晚餐", "一人食", "面食"],
        [
            "今天加班到八点，回家实在不想点外卖，就自己煮了一碗面。",
            "牛肉是周末提前卤好的，切几片放进去就行，再烫两颗青菜。",
            "汤底用了一勺辣椒油和一点醋，酸辣开胃，吃完整个人都暖起来了。",
        ],
    ),
    (
        "租房三年，我总结的看房避坑清单📝",
        "搬家达人小周",
        ["租房", "看房攻略", "独居生活"],
        [
            "先说结论：别只看照片，一定要白天和晚上各去一次。",
            "第一，打开所有水龙头看看水压，顺便检查下水道有没有异味。",
            "第二，问清楚物业费和水电费怎么算，有些房东按商业用电收费，一个月能差出一两百。",
            "第三，隔音真的很重要，可以让朋友在隔壁房间说话试试。",
            "最后，合同里的每一条都要看清楚，押金什么时候退要写明白。",
        ],
    ),
    (
        "养了半年的绿萝终于爆盆了🌿",
        "阳台种花人",
        ["绿植", "阳台花园", "养花日记"],
        [
            "刚买回来的时候只有三根藤，叶子还黄了一半，差点以为养不活。",
            "后来换了透气的盆，每周浇一次水，放在有散射光的窗边。",
            "现在已经长得垂到地上了，每天早上起来看一眼心情都变好了。",
        ],
    ),
    (
        "第一次一个人去看演唱会🎤 紧张又快乐",
        "耳机不离身",
        ["演唱会", "一个人的快乐", "音乐现场"],
        [
            "抢了三次票终于抢到了，虽然位置在最后几排，但还是激动得睡不着。",
            "提前两个小时到了体育馆，门口全是卖荧光棒和手幅的小摊。",
            "开场的第一首歌就是我最喜欢的那首，全场一起大合唱的时候我眼泪直接掉下来。",
            "散场以后地铁站排了好长的队，到家已经十二点多了，但一点也不累。",
        ],
    ),
    (
        "换季衣柜整理术｜收纳小白也能学会👕",
        "整理师阿宁",
        ["收纳", "衣柜整理", "换季"],
        [
            "每次换季都要翻箱倒柜，这次干脆花一个下午把衣柜彻底整理了一遍。",
            "先把所有衣服拿出来分成三堆：常穿的、偶尔穿的、一年没碰过的。",
            "一年没穿的直接捐掉或者挂二手平台，留着也只是占地方。",
            "叠衣服用竖着放的方法，一眼就能看到每一件，再也不用从最底下往外抽了。",
        ],
    ),
    (
        "在云南古镇住了一周，慢下来的日子☁️",
        "背包走天涯",
        ["云南旅行", "古镇", "慢生活"],
        [
            "住的民宿在半山腰上，推开窗就是一整片稻田。",
            "每天早上去巷子口吃一碗米线，老板娘已经记住我不要香菜了。",
            "下午就在院子里晒太阳看书，傍晚沿着河边散步，看天边的晚霞一点点变红。",
            "临走那天老板送了我一包自己炒的茶叶，说欢迎下次再来。",
        ],
    ),
    (
        "猫咪挑食怎么办？试了五种方法的真实反馈🐾",
        "两只猫的铲屎官",
        ["养猫", "猫咪挑食", "新手养猫"],
        [
            "我家妹妹从小就挑食，换一种猫粮就绝食两天，急死人了。",
            "方法一：新旧猫粮混着喂，每天多加一点新的，这个对她最有效。",
            "方法二：定时定量，吃不完半小时就收走，坚持了一周她就乖乖吃饭了。",
            "如果突然不吃东西超过一天，还是要尽快带去医院检查。",
        ],
    ),
    (
        "考完驾照啦！科目二一次过的小技巧🚗",
        "新手司机小林",
        ["驾照", "科目二", "学车日记"],
        [
            "报名的时候最担心的就是科目二，听说倒车入库很多人都要考两三次。",
            "我的办法是把每个点位都记在小本子上，晚上睡觉前在脑子里过一遍。",
            "考试那天手心全是汗，但按照练习的节奏一步一步来，最后满分通过！",
        ],
    ),
    (
        "周末读书分享📖 这本小说让我哭了两次",
        "书架上的猫",
        ["读书笔记", "好书推荐", "周末时光"],
        [
            "故事讲的是一个小镇女孩离开家乡、又在十年后回来的经历。",
            "作者写得很克制，没有什么大起大落，却在很多细小的地方打动人。",
            "最喜欢里面的一句话：有些路只能一个人走，但走过以后就不再害怕了。",
            "适合在下雨的周末，泡一杯热茶慢慢看。",
        ],
    ),
    (
        "健身房新手指南💪 第一个月我是这样练的",
        "每天进步一点点",
        ["健身", "新手健身", "自律生活"],
        [
            "办卡之前我连一个俯卧撑都做不了，现在可以连续做十五个了。",
            "前两周主要是学习动作，请教练教了深蹲和硬拉的标准姿势。",
            "饮食上没有刻意节食，只是少喝奶茶，多吃鸡蛋和鸡胸肉。",
            "最重要的是坚持，哪怕只去半小时也比不去强。",
        ],
    ),
    (
        "自制草莓大福🍓 软糯到拉丝",
        "甜品小屋",
        ["烘焙", "甜品教程", "草莓"],
        [
            "糯米粉、玉米淀粉和牛奶按比例搅匀，放进微波炉转三分钟。",
            "趁热揉成光滑的面团，分成小剂子包上红豆沙和整颗草莓。",
            "冷藏半小时口感最好，一口咬下去酸甜软糯，家里小朋友抢着吃。",
        ],
    ),
]

TEST_COMMENTS = [
    "看起来好好吃，求详细做法！",
    "收藏了，下周就去试试",
    "楼主好厉害，我也想学",
    "这个地方我去过，真的很美",
    "哈哈哈哈太真实了",
    "请问大概花了多少钱呀？",
    "已关注，期待更新～",
    "同款经历，握手🤝",
    "写得好详细，谢谢分享",
    "第三点太有用了，之前踩过坑",
    "羡慕这样的生活",
    "下次可以试试加点蜂蜜",
]
TEST_NAMES = [
    "橙子汽水",
    "小鹿乱撞",
    "山间清风",
    "今天也要加油",
    "不吃香菜",
    "星星点灯",
    "momo",
    "大白",
]


def posts(which: str, rng: random.Random) -> list[dict]:
    """Posts as the renderer wants them: title, body paragraphs, topics, comments, counts."""
    return _dev(rng) if which == "dev" else _test(rng)


def _counts(rng: random.Random) -> dict:
    return {
        "likes": rng.choice((rng.randrange(1, 999), rng.randrange(1000, 99999))),
        "collects": rng.randrange(0, 5000),
        "comments_count": rng.randrange(3, 800),
        "date": f"{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "place": rng.choice(PLACES),
    }


def _comment(
    author: str, text: str, rng: random.Random, *, reply: bool = False, is_author: bool = False
) -> dict:
    return {
        "author": author,
        "text": text,
        "reply": reply,
        "is_author": is_author,
        "likes": rng.choice((0, rng.randrange(1, 300))),
        "date": f"{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "place": rng.choice(PLACES),
    }


def _dev(rng: random.Random) -> list[dict]:
    data = json.loads(SAMPLES.read_text("utf-8"))
    out = []
    for p in data["posts"]:
        body = [
            _STICKER.sub("👍", line).strip()
            for line in p["body"].split("\n")
            if line.strip() and not _TAG_LINE.search(line)
        ]
        comments = [
            _comment(
                c["author"],
                _STICKER.sub("", c["text"]),
                rng,
                reply=bool(c.get("parent_id")),
                is_author=c["author"] == p["author"],
            )
            for c in p["comments"]
        ]
        out.append(
            {
                "title": p["title"],
                "author": p["author"],
                "body": body,
                "tags": p["tags"],
                "comments": comments,
                **_counts(rng),
            }
        )
    return out


def _test(rng: random.Random) -> list[dict]:
    out = []
    for title, author, tags, body in TEST_POSTS:
        comments = []
        for _ in range(rng.randrange(2, 6)):
            comments.append(_comment(rng.choice(TEST_NAMES), rng.choice(TEST_COMMENTS), rng))
            if rng.random() < 0.3:
                comments.append(_comment(author, "谢谢喜欢～", rng, reply=True, is_author=True))
        out.append(
            {
                "title": title,
                "author": author,
                "body": body,
                "tags": tags,
                "comments": comments,
                **_counts(rng),
            }
        )
    return out


def cover_lines(post: dict, rng: random.Random) -> list[str]:
    """A cover's headline: the title cut at its bar or in chunks of six to nine characters."""
    parts = [p for p in re.split(r"[｜|]", post["title"]) if p.strip()]
    lines = []
    for part in parts:
        part = part.strip()
        step = rng.randrange(6, 10)
        lines += [part[i : i + step] for i in range(0, len(part), step)]
    return [line for line in lines if line.strip()][:5]
