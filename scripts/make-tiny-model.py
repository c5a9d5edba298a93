#!/usr/bin/python3
"""Write a BERT sentence-embedding model with random weights in the layout transformers.js loads.

Tests need a real model that loads offline through the real loader, and benchmarks need one whose
compute cost matches Xenova/all-MiniLM-L6-v2; neither may come from the Hugging Face hub. This
script builds both from numpy weights with a fixed seed, so the output is byte-for-byte reproducible.

Layout (as in Xenova/all-MiniLM-L6-v2):
    config.json  tokenizer.json  tokenizer_config.json  special_tokens_map.json
    sentence_bert_config.json  (minilm only) the input limit sentence-transformers embeds at
    onnx/model.onnx            fp32, what transformers.js loads on node by default (dtype "fp32")
    onnx/model_quantized.onnx  int8 weights, what dtype "q8" loads

The graph is a plain BERT encoder: word + position + token-type embeddings, LayerNorm, then N layers
of multi-head self-attention and a GELU feed-forward block, inputs input_ids / attention_mask /
token_type_ids (int64, [batch, sequence]) and output last_hidden_state ([batch, sequence, hidden]).
Mean pooling and normalisation are left to transformers.js (pipeline options), as for the real model.

The quantized graph follows onnxruntime's dynamic quantization: each MatMul becomes
DynamicQuantizeLinear + MatMulInteger (int8 weights, per-column scales) + Cast + Mul, which
onnxruntime fuses into DynamicQuantizeMatMul at load; embedding tables are int8, gathered then
dequantized. Its cost is therefore representative of the published q8 model.

Needs only Debian's python3-onnx and python3-numpy (no onnxruntime in python).

Usage (from the repository root):
    # the committed test fixture (~0.5 MB)
    /usr/bin/python3 scripts/make-tiny-model.py --preset tiny --out tests/fixtures/models/tiny-bert

    # the same encoder with an XLM-RoBERTa (SentencePiece Unigram) tokenizer, the family of
    # Xenova/multilingual-e5-small, for the multilingual option's tests (~0.5 MB)
    /usr/bin/python3 scripts/make-tiny-model.py --preset tiny --tokenizer xlmr --out tests/fixtures/models/tiny-multilingual-e5

    # a model with the exact shape of all-MiniLM-L6-v2 for benchmarks (~90 MB fp32 + ~23 MB int8),
    # git-ignored, never committed
    /usr/bin/python3 scripts/make-tiny-model.py --preset minilm --out bench/models/minilm-shaped

    # as npm scripts (package.json "scripts"):
    #   "model:tiny":    "python3 scripts/make-tiny-model.py --preset tiny --out tests/fixtures/models/tiny-bert"
    #   "model:minilm":  "python3 scripts/make-tiny-model.py --preset minilm --out bench/models/minilm-shaped"

Any preset value can be overridden: --layers --hidden --heads --intermediate --max-positions
--vocab-size --max-seq-length --seed.
"""

import argparse
import itertools
import json
import os
import re
import string

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # LayerNormalization is an ONNX op from opset 17; onnx 1.12 knows opsets up to 17.

PRESETS = {
    "tiny": dict(layers=2, hidden=32, heads=4, intermediate=64, max_positions=128, vocab_size=None, max_seq_length=None),
    # sentence-transformers/all-MiniLM-L6-v2 as exported by Xenova, whose sentence_bert_config.json embeds at most
    # 256 word pieces although its position table holds 512.
    "minilm": dict(layers=6, hidden=384, heads=12, intermediate=1536, max_positions=512, vocab_size=30522, max_seq_length=256),
}

# Text written for this script; its words seed the vocabulary so that ordinary English prose tokenizes
# into roughly as many pieces as it would with the real BERT vocabulary.
SEED_TEXT = """
the of and to in a is that for it as was with be by on not he i this are or his from at which but have
an they you were her she there been one all we their has would when if so no will more what up out can
who about them some could him into its then two than only other new time these may first any my now
such like our over man me even most made after also did many before must through back years where much
your way well down should because each just those people how too little state good very make world
still own see men work long get here between both life being under never day same another know while
last might us great old year off come since against go came right used take three states himself few
house use during without again place american around however home small found mrs thought went say part
once general high upon school every does got united left number course war until always away something
fact though water less public put think almost hand enough far took head yet government system better
set told nothing night end why called didn't eyes find going look asked later knew point next program
city business give group toward young days let room president side social given present several order
national possible rather second face per among form important often things looked early white case john
become large big need four within felt along children saw best church ever least power development
light thing seemed family interest want members mind country area others done turned although open god
service problem certain kind different thus began door help means sense whole matter perhaps itself york
times law human line above name example action company hands local show whether five history gave today
either act feet across taken past quite anyone seen having death week experience body word half really
field am car words already themselves information tell together college shall money period held keep
sure real probably free seems political cannot behind miss question air office making brought whose
special major heard problems federal became study ago moment available known result street economic boy
reason change position south board individual job society areas west close turn love community true
court force full seem am police market report minister election vote voters campaign parliament party
leader leaders officials spokesman statement said says according reported reports news article press
agency agencies percent million billion thousand hundred dollars euros prices inflation bank banks rates
interest growth economy trade tariffs exports imports companies shares stock investors quarter profit
revenue losses budget tax taxes spending deficit debt crisis conflict ceasefire troops military army
attack attacks killed wounded injured hospital health doctors patients virus vaccine climate weather
storm flood floods fire fires heat energy oil gas power electricity coal nuclear wind solar emissions
carbon court judge trial case lawyers prosecutors charges accused guilty sentence prison ruling appeal
supreme constitution rights protest protesters demonstrators crowd capital city region province border
refugees migrants talks negotiations agreement deal treaty sanctions summit foreign affairs embassy
ambassador ministry spokeswoman secretary chief executive director chairman board council committee
union strike workers jobs unemployment wages families schools students teachers university research
scientists technology software internet online data users platform social media phone phones artificial
intelligence model models chip chips semiconductor factory production cars electric vehicles airline
flights airport train rail road roads bridge construction housing homes rent mortgage property season
game games team teams players coach match league cup final won win lost loss goal goals score points
championship olympic world record monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december yesterday tomorrow
morning evening afternoon weekend month months weeks hours minutes earlier later recently announced
expected plans plan planned decision decided told asked warned called added noted confirmed denied
insisted claimed suggested described explained believe believed think thought hope hoped want wanted
"""

PUNCTUATION = string.punctuation + "“”‘’—–…€£"

# Frequent English endings, so that inflected forms cost two pieces rather than a spelling-out.
SUFFIXES = """s es ed d ing er ers est ly ion ions tion tions sion ment ments ness ity ities al ally ive
ous able ible ful less ic ical ism ist ists ize ized izes ance ence ant ent ency ship ships hood
ward wards y ie ies ier iest""".split()

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_vocab(vocab_size):
    """Specials, characters, seed words, word pieces; padded with letter combinations to vocab_size."""
    words = sorted(set(re.findall(r"[a-z]+", SEED_TEXT.lower())))
    chars = list(string.ascii_lowercase) + list(string.digits) + list(PUNCTUATION)
    pieces = []
    pieces += chars
    pieces += ["##" + c for c in string.ascii_lowercase + string.digits]
    pieces += words
    pieces += ["##" + s for s in SUFFIXES]
    pairs = ["".join(p) for p in itertools.product(string.ascii_lowercase, repeat=2)]
    pieces += ["##" + p for p in pairs]
    filler = itertools.chain(
        pairs,
        ("##" + "".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3)),
        ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3)),
        ("##" + "".join(p) for p in itertools.product(string.ascii_lowercase, repeat=4)),
    )

    if vocab_size is None:
        # Tiny model: specials, characters, seed words, suffixes and two-letter pieces only.
        tokens = list(SPECIAL_TOKENS)
        seen = set(tokens)
        for piece in pieces:
            if piece not in seen:
                seen.add(piece)
                tokens.append(piece)
        return tokens, {name: tokens.index(name) for name in SPECIAL_TOKENS}

    # Real-shaped model: BERT-uncased layout ([PAD]=0, [unusedN], [UNK]=100 … [MASK]=103).
    tokens = ["[PAD]"] + [f"[unused{i}]" for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    seen = set(tokens)
    for piece in itertools.chain(pieces, filler):
        if len(tokens) >= vocab_size:
            break
        if piece not in seen:
            seen.add(piece)
            tokens.append(piece)
    if len(tokens) < vocab_size:
        raise SystemExit(f"cannot build a vocabulary of {vocab_size} tokens")
    return tokens, {name: tokens.index(name) for name in SPECIAL_TOKENS}


def tokenizer_files(tokens, ids, max_positions):
    def added(name):
        return dict(id=ids[name], content=name, single_word=False, lstrip=False, rstrip=False,
                    normalized=False, special=True)

    cls, sep = ids["[CLS]"], ids["[SEP]"]
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(name) for name in sorted(SPECIAL_TOKENS, key=lambda n: ids[n])],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(tokens)}},
    }
    tokenizer_config = {
        "clean_up_tokenization_spaces": True,
        "cls_token": "[CLS]",
        "do_basic_tokenize": True,
        "do_lower_case": True,
        "mask_token": "[MASK]",
        "model_max_length": max_positions,
        "never_split": None,
        "pad_token": "[PAD]",
        "sep_token": "[SEP]",
        "strip_accents": None,
        "tokenize_chinese_chars": True,
        "tokenizer_class": "BertTokenizer",
        "unk_token": "[UNK]",
    }
    special_tokens_map = {"cls_token": "[CLS]", "mask_token": "[MASK]", "pad_token": "[PAD]",
                          "sep_token": "[SEP]", "unk_token": "[UNK]"}
    return tokenizer, tokenizer_config, special_tokens_map


# Russian and Ukrainian words for the multilingual tokenizer, written for this script.
SEED_TEXT_RU_UK = """
заявил заявила сказал сказала добавил добавила сообщил пресс секретарь кремля министр президент переговоры
переговоров санкции выборы выборах война мир перемирие позиция нашу мы не видим оснований журналистам
заявив сказав додав повідомив речник міністр президент переговори санкції вибори війна мир перемир'я позиція
україна україни росія россия россии украина украины москва київ киев песков захарова зеленський зеленский
"""

XLMR_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


def xlmr_tokenizer_files(max_positions):
    """A SentencePiece Unigram vocabulary in XLM-RoBERTa's layout (<s>=0, <pad>=1, </s>=2, <unk>=3, <mask> last)."""
    words = sorted(set(re.findall(r"[a-z]+", SEED_TEXT.lower())) | set(re.findall(r"[\w']+", SEED_TEXT_RU_UK)))
    letters = list(string.ascii_letters) + [chr(c) for c in range(0x0400, 0x0460)] + list(string.digits) + list(PUNCTUATION)
    pieces = [("\u2581", -8.0)] + [("\u2581" + w, -5.0 - len(w) / 10) for w in words]
    pieces += [(c, -10.0) for c in letters] + [("\u2581" + c, -10.5) for c in letters]
    vocab = [[t, 0.0] for t in XLMR_SPECIALS]
    seen = set(XLMR_SPECIALS)
    for piece, score in pieces:
        if piece not in seen:
            seen.add(piece)
            vocab.append([piece, score])
    vocab.append(["<mask>", 0.0])
    ids = {t: i for i, (t, _) in enumerate(vocab)}

    def added(name):
        return dict(id=ids[name], content=name, single_word=False, lstrip=name == "<mask>", rstrip=False,
                    normalized=False, special=True)

    metaspace = {"type": "Metaspace", "replacement": "\u2581", "add_prefix_space": True, "prepend_scheme": "always"}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(name) for name in XLMR_SPECIALS + ["<mask>"]],
        "normalizer": {"type": "NFKC"},
        "pre_tokenizer": metaspace,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [ids["<s>"]], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [ids["</s>"]], "tokens": ["</s>"]},
            },
        },
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": ids["<unk>"], "vocab": vocab, "byte_fallback": False},
    }
    tokenizer_config = {
        "bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>", "pad_token": "<pad>",
        "sep_token": "</s>", "unk_token": "<unk>", "model_max_length": max_positions,
        "clean_up_tokenization_spaces": True, "tokenizer_class": "XLMRobertaTokenizer",
    }
    special_tokens_map = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>",
                          "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "<unk>"}
    return tokenizer, tokenizer_config, special_tokens_map, len(vocab), ids["<pad>"]


def model_config(args, vocab_size, pad_id):
    return {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": args.hidden,
        "initializer_range": 0.02,
        "intermediate_size": args.intermediate,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": args.max_positions,
        "model_type": "bert",
        "num_attention_heads": args.heads,
        "num_hidden_layers": args.layers,
        "pad_token_id": pad_id,
        "position_embedding_type": "absolute",
        "type_vocab_size": 2,
        "vocab_size": vocab_size,
    }


def random_weights(args, vocab_size, seed):
    """BERT's initialisation: normal(0, 0.02) matrices, zero biases, unit LayerNorm scales."""
    rng = np.random.RandomState(seed)
    h, f = args.hidden, args.intermediate

    def normal(*shape):
        return rng.normal(0.0, 0.02, size=shape).astype(np.float32)

    def bias(n):
        # Small non-zero biases so that the graph exercises every addition.
        return rng.normal(0.0, 0.02, size=(n,)).astype(np.float32)

    w = {
        "embeddings.word": normal(vocab_size, h),
        "embeddings.position": normal(args.max_positions, h),
        "embeddings.token_type": normal(2, h),
        "embeddings.ln.gamma": np.ones(h, np.float32),
        "embeddings.ln.beta": np.zeros(h, np.float32),
    }
    for i in range(args.layers):
        p = f"layer{i}."
        for name in ("query", "key", "value", "attention_output"):
            w[p + name + ".w"] = normal(h, h)
            w[p + name + ".b"] = bias(h)
        w[p + "attention_ln.gamma"] = np.ones(h, np.float32)
        w[p + "attention_ln.beta"] = np.zeros(h, np.float32)
        w[p + "intermediate.w"] = normal(h, f)
        w[p + "intermediate.b"] = bias(f)
        w[p + "output.w"] = normal(f, h)
        w[p + "output.b"] = bias(h)
        w[p + "output_ln.gamma"] = np.ones(h, np.float32)
        w[p + "output_ln.beta"] = np.zeros(h, np.float32)
    return w


class GraphBuilder:
    """Collects nodes and initializers; quantized=True swaps MatMuls and Gathers for int8 versions."""

    def __init__(self, weights, quantized):
        self.weights = weights
        self.quantized = quantized
        self.nodes = []
        self.initializers = []
        self.count = 0

    def name(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, hint, array):
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def weight(self, key):
        name = key
        if not any(init.name == name for init in self.initializers):
            self.initializers.append(numpy_helper.from_array(self.weights[key], name))
        return name

    def op(self, op_type, inputs, hint=None, outputs=1, **attrs):
        names = [self.name(hint or op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, **attrs))
        return names[0] if outputs == 1 else names

    def linear(self, x, key):
        w, b = self.weights[key + ".w"], key + ".b"
        if not self.quantized:
            return self.op("Add", [self.op("MatMul", [x, self.weight(key + ".w")]), self.weight(b)])
        # Symmetric per-column int8 weights; activations quantized per call, as onnxruntime's
        # quantize_dynamic emits, so that onnxruntime fuses it into DynamicQuantizeMatMul.
        scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
        q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        w_q = self.const(key + ".w_quantized", q)
        w_scale = self.const(key + ".w_scale", scale.astype(np.float32))
        w_zero = self.const(key + ".w_zero_point", np.array(0, np.int8))
        x_q, x_scale, x_zero = self.op("DynamicQuantizeLinear", [x], outputs=3)
        product = self.op("MatMulInteger", [x_q, w_q, x_zero, w_zero])
        as_float = self.op("Cast", [product], to=TensorProto.FLOAT)
        combined_scale = self.op("Mul", [x_scale, w_scale])
        return self.op("Add", [self.op("Mul", [as_float, combined_scale]), self.weight(b)])

    def embedding(self, key, ids):
        table = self.weights[key]
        if not self.quantized:
            return self.op("Gather", [self.weight(key), ids])
        scale = np.float32(max(float(np.abs(table).max()), 1e-8) / 127.0)
        q = np.clip(np.round(table / scale), -127, 127).astype(np.int8)
        rows = self.op("Gather", [self.const(key + "_quantized", q), ids])
        return self.op("DequantizeLinear", [rows, self.const(key + "_scale", np.array(scale, np.float32)),
                                            self.const(key + "_zero_point", np.array(0, np.int8))])

    def layer_norm(self, x, key):
        return self.op("LayerNormalization", [x, self.weight(key + ".gamma"), self.weight(key + ".beta")],
                       axis=-1, epsilon=1e-12)

    def gelu(self, x):
        # Exact (erf) GELU as BERT uses; onnxruntime fuses this pattern into its Gelu kernel.
        scaled = self.op("Div", [x, self.const("sqrt2", np.array(np.sqrt(2.0), np.float32))])
        one_plus = self.op("Add", [self.op("Erf", [scaled]), self.const("one", np.array(1.0, np.float32))])
        return self.op("Mul", [self.op("Mul", [x, one_plus]), self.const("half", np.array(0.5, np.float32))])


def build_graph(args, weights, quantized):
    g = GraphBuilder(weights, quantized)
    h, heads = args.hidden, args.heads
    head_size = h // heads

    words = g.embedding("embeddings.word", "input_ids")
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const("one_index", np.array(1, np.int64))])
    positions = g.op("Range", [g.const("zero_i64", np.array(0, np.int64)), seq_len,
                               g.const("one_i64", np.array(1, np.int64))])
    position_emb = g.embedding("embeddings.position", positions)
    type_emb = g.embedding("embeddings.token_type", "token_type_ids")
    summed = g.op("Add", [g.op("Add", [words, position_emb]), type_emb])
    x = g.layer_norm(summed, "embeddings.ln")

    # Additive mask [batch, 1, 1, sequence]: 0 where attended, a large negative number on padding.
    mask = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    inverted = g.op("Sub", [g.const("one", np.array(1.0, np.float32)), mask])
    additive = g.op("Mul", [inverted, g.const("mask_value", np.array(-10000.0, np.float32))])
    additive = g.op("Unsqueeze", [additive, g.const("mask_axes", np.array([1, 2], np.int64))])

    split_shape = g.const("split_heads_shape", np.array([0, 0, heads, head_size], np.int64))
    merge_shape = g.const("merge_heads_shape", np.array([0, 0, h], np.int64))
    inv_sqrt = g.const("inv_sqrt_head_size", np.array(1.0 / np.sqrt(head_size), np.float32))

    for i in range(args.layers):
        p = f"layer{i}."

        def heads_of(key, perm):
            reshaped = g.op("Reshape", [g.linear(x, p + key), split_shape])
            return g.op("Transpose", [reshaped], perm=perm)

        q = heads_of("query", [0, 2, 1, 3])
        k = heads_of("key", [0, 2, 3, 1])
        v = heads_of("value", [0, 2, 1, 3])
        scores = g.op("Mul", [g.op("MatMul", [q, k]), inv_sqrt])
        probs = g.op("Softmax", [g.op("Add", [scores, additive])], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merge_shape])
        attention = g.linear(context, p + "attention_output")
        x = g.layer_norm(g.op("Add", [attention, x]), p + "attention_ln")
        ffn = g.linear(g.gelu(g.linear(x, p + "intermediate")), p + "output")
        x = g.layer_norm(g.op("Add", [ffn, x]), p + "output_ln")

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"]))

    dims = ["batch_size", "sequence_length"]
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, dims)
              for n in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dims + [h])]
    graph = helper.make_graph(g.nodes, "bert_encoder", inputs, outputs, g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="verbatim/scripts/make-tiny-model.py")
    onnx.checker.check_model(model)
    return model


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2, sort_keys=False)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
    parser.add_argument("--out", required=True, help="model folder to (over)write")
    parser.add_argument("--layers", type=int)
    parser.add_argument("--hidden", type=int)
    parser.add_argument("--heads", type=int)
    parser.add_argument("--intermediate", type=int)
    parser.add_argument("--max-positions", type=int)
    parser.add_argument("--vocab-size", type=int, help="default: the preset's (tiny: as many tokens as generated)")
    parser.add_argument("--max-seq-length", type=int, help="write sentence_bert_config.json with this input limit")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--tokenizer", choices=["bert", "xlmr"], default="bert",
                        help="bert: uncased WordPiece (all-MiniLM-L6-v2); xlmr: SentencePiece Unigram (multilingual-e5)")
    args = parser.parse_args()
    for key, value in PRESETS[args.preset].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.hidden % args.heads:
        parser.error("--hidden must be a multiple of --heads")

    if args.tokenizer == "xlmr":
        tokenizer, tokenizer_config, special_tokens_map, vocab_size, pad_id = xlmr_tokenizer_files(args.max_positions)
    else:
        tokens, ids = build_vocab(args.vocab_size)
        tokenizer, tokenizer_config, special_tokens_map = tokenizer_files(tokens, ids, args.max_positions)
        vocab_size, pad_id = len(tokens), ids["[PAD]"]
    weights = random_weights(args, vocab_size, args.seed)

    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    write_json(os.path.join(args.out, "config.json"), model_config(args, vocab_size, pad_id))
    write_json(os.path.join(args.out, "tokenizer.json"), tokenizer)
    write_json(os.path.join(args.out, "tokenizer_config.json"), tokenizer_config)
    write_json(os.path.join(args.out, "special_tokens_map.json"), special_tokens_map)
    if args.max_seq_length is not None:
        write_json(os.path.join(args.out, "sentence_bert_config.json"), {"max_seq_length": args.max_seq_length, "do_lower_case": False})
    for quantized, file_name in ((False, "model.onnx"), (True, "model_quantized.onnx")):
        path = os.path.join(args.out, "onnx", file_name)
        onnx.save(build_graph(args, weights, quantized), path)
        print(f"{path}: {os.path.getsize(path) / 1e6:.2f} MB")
    print(f"vocabulary: {vocab_size} tokens; {args.layers} layers, hidden {args.hidden}, {args.heads} heads")


if __name__ == "__main__":
    main()
