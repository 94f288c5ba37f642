"""Fake but well-formed personal data for the demo: Chinese names, mobile numbers, resident ID numbers.

Everything is drawn from the caller's random.Random, so a seed gives the same people every time.
"""
import datetime
import random

from agentpath.org.validators import id_check_character

# Common surnames with weights roughly following their national frequency (per mille); the Cantonese-
# region surnames 陈, 黄, 林, 梁, 罗 get a bump because both demo centers are in Guangdong.
SURNAMES = [
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 62), ("杨", 31), ("黄", 34), ("赵", 23),
    ("吴", 22), ("周", 21), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 14), ("胡", 13), ("郭", 12),
    ("何", 14), ("林", 18), ("高", 11), ("罗", 13), ("郑", 12), ("梁", 15), ("谢", 10), ("宋", 8),
    ("唐", 8), ("许", 8), ("韩", 7), ("冯", 7), ("邓", 9), ("曹", 6), ("彭", 6), ("曾", 8), ("肖", 6),
    ("田", 5), ("董", 5), ("潘", 6), ("袁", 5), ("蔡", 6), ("蒋", 5), ("余", 5), ("于", 5), ("杜", 4),
    ("叶", 6), ("程", 4), ("魏", 4), ("苏", 5), ("吕", 4), ("丁", 4), ("任", 4), ("卢", 5), ("姚", 3),
    ("沈", 3), ("钟", 5), ("姜", 3), ("崔", 3), ("谭", 4), ("陆", 3), ("范", 3), ("汪", 3), ("廖", 4),
    ("石", 3), ("金", 3), ("韦", 3), ("贾", 2), ("夏", 2), ("付", 2), ("方", 3), ("邹", 3), ("熊", 3),
    ("白", 2), ("孟", 2), ("秦", 2), ("邱", 3), ("侯", 2), ("江", 3), ("尹", 2), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("龙", 2), ("黎", 3), ("史", 2), ("陶", 2), ("贺", 2), ("毛", 2), ("郝", 2),
    ("温", 2), ("欧阳", 1), ("司徒", 1),
]
_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]

GIVEN_FEMALE = list("婷丽芳敏静燕娟霞慧雪琳晶颖倩玲莉佳欣怡雅璐梦悦思雨萱诗晓月楠瑶丹洁蕾薇琪嘉茜秀凤艳红梅兰晴"
                    "妍彤芸蓉宁媛")
GIVEN_MALE = list("伟强磊军洋勇杰涛斌超明浩鹏辉宇俊峰凯帆鑫昊博文志建华平飞龙锋亮坤健翔毅振阳彬晨")
GIVEN_ANY = list("子嘉晓思文雨一可梓欣宇佳俊泽海")

# Full names of well-known people that the random pools could produce; never use them.
FAMOUS = {"李娜", "王菲", "刘翔", "张杰", "赵薇", "刘涛", "陈坤", "黄磊", "孙俪", "邓超", "韩寒", "杨洋",
          "李宇春", "王俊凯", "易烊千玺", "张伟", "王芳", "李明", "马云", "马超", "张飞", "赵云", "周瑜",
          "林志玲", "林丹", "孙杨", "刘强", "王强", "李静", "杨丽", "胡歌", "吴京", "杨幂", "张靓颖"}

# Resident ID area codes: Guangdong districts and the provinces contact-center staff often come from.
AREA_CODES = [
    ("440303", 8), ("440304", 8), ("440305", 6), ("440306", 6), ("440106", 8), ("440104", 6),
    ("440111", 5), ("441302", 4), ("445102", 3), ("440513", 4), ("441402", 4), ("440803", 3),
    ("440604", 3), ("441900", 3), ("430102", 5), ("430602", 3), ("360102", 4), ("360702", 3),
    ("450102", 4), ("450302", 2), ("510104", 3), ("500103", 3), ("420102", 3), ("410102", 3),
    ("350102", 2), ("350203", 2), ("520102", 2), ("530102", 2), ("340102", 2), ("610102", 1),
]
_AREA_LIST = [a for a, _ in AREA_CODES]
_AREA_WEIGHTS = [w for _, w in AREA_CODES]

MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
                   "150", "151", "152", "153", "155", "156", "157", "158", "159",
                   "180", "181", "182", "183", "185", "186", "187", "188", "189"]



def chinese_name(rng: random.Random, female: bool, taken: set[str]) -> str:
    """A 2- or 3-character name; avoids famous people and, when it can, names already used."""
    name = ""
    for _ in range(6):
        surname = rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]
        pool = GIVEN_FEMALE if female else GIVEN_MALE
        if rng.random() < 0.38:
            given = rng.choice(pool)
        else:
            first = rng.choice(GIVEN_ANY) if rng.random() < 0.3 else rng.choice(pool)
            second = rng.choice(pool)
            if second == first:
                second = rng.choice(pool)
            given = first + second
        name = surname + given
        if name not in FAMOUS and name not in taken:
            break
    taken.add(name)
    return name


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character: the rule the roster import checks (org.validators)."""
    return id_check_character(first17)


def id_number(rng: random.Random, birth: datetime.date, female: bool) -> str:
    """An 18-character resident ID number: area, birth date, sequence (odd = male), check character."""
    area = rng.choices(_AREA_LIST, _AREA_WEIGHTS)[0]
    seq = rng.randrange(0, 100) * 10 + rng.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}"
