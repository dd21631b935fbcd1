// Runs Resona's conformance suite (bindings/conformance/cases/*.json) through the generated
// Kotlin bindings, on both backends, plus a few checks of the Kotlin API itself.
//
// Usage: java ... ConformanceTestKt <conformance dir>
// Prints one line per failure and finally "N passed, M failed"; exits 1 if anything failed.
// ONNX Runtime is loaded from ORT_DYLIB_PATH; without it the onnxruntime backend is skipped,
// unless RESONA_REQUIRE_ORT=1, which makes its absence a failure.

import dev.resona.Backend
import dev.resona.Emotion
import dev.resona.EmotionScores
import dev.resona.ExpressionClassifier
import dev.resona.PixelFormat
import dev.resona.TextAnalyzer
import dev.resona.voiceEmotionSegments
import dev.resona.vocalStress
import dev.resona.Engine
import dev.resona.FaceAnalyzer
import dev.resona.DetectorModel
import dev.resona.MfccOptions
import dev.resona.rms
import dev.resona.zcr
import dev.resona.yin
import dev.resona.resample
import dev.resona.AudioFrame
import dev.resona.AudioStream
import dev.resona.audioFeatures
import dev.resona.mfcc
import dev.resona.pyin
import dev.resona.crepe
import dev.resona.voiceQuality
import dev.resona.ResonaException
import dev.resona.emotionNames
import dev.resona.emotionScoresFromLogits
import dev.resona.emotionScoresFromProbabilities
import dev.resona.initOnnxruntime
import dev.resona.pixelFormatFromName
import java.io.File
import kotlin.math.abs
import kotlin.math.ln
import kotlin.system.exitProcess

// ---- A small JSON parser: objects -> Map, arrays -> List, numbers -> Double. ----

class JsonParser(private val s: String) {
    private var i = 0

    fun parseDocument(): Any? {
        val v = value()
        ws()
        if (i != s.length) fail("trailing characters")
        return v
    }

    private fun fail(msg: String): Nothing = throw IllegalArgumentException("JSON: $msg at offset $i")

    private fun ws() {
        while (i < s.length && s[i] in " \t\r\n") i++
    }

    private fun expect(c: Char) {
        ws()
        if (i >= s.length || s[i] != c) fail("expected '$c'")
        i++
    }

    private fun value(): Any? {
        ws()
        if (i >= s.length) fail("unexpected end")
        return when (s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> literal("true", true)
            'f' -> literal("false", false)
            'n' -> literal("null", null)
            else -> num()
        }
    }

    private fun literal(word: String, v: Any?): Any? {
        if (!s.startsWith(word, i)) fail("bad literal")
        i += word.length
        return v
    }

    private fun obj(): Map<String, Any?> {
        expect('{')
        val out = LinkedHashMap<String, Any?>()
        ws()
        if (s[i] == '}') { i++; return out }
        while (true) {
            ws()
            if (i >= s.length || s[i] != '"') fail("expected a key")
            val k = str()
            expect(':')
            out[k] = value()
            ws()
            if (i >= s.length) fail("unterminated object")
            when (s[i++]) {
                ',' -> continue
                '}' -> return out
                else -> { i--; fail("expected ',' or '}'") }
            }
        }
    }

    private fun arr(): List<Any?> {
        expect('[')
        val out = ArrayList<Any?>()
        ws()
        if (i < s.length && s[i] == ']') { i++; return out }
        while (true) {
            out.add(value())
            ws()
            if (i >= s.length) fail("unterminated array")
            when (s[i++]) {
                ',' -> continue
                ']' -> return out
                else -> { i--; fail("expected ',' or ']'") }
            }
        }
    }

    private fun str(): String {
        i++ // opening quote
        val sb = StringBuilder()
        while (true) {
            if (i >= s.length) fail("unterminated string")
            val c = s[i++]
            when {
                c == '"' -> return sb.toString()
                c == '\\' -> {
                    if (i >= s.length) fail("unterminated escape")
                    when (val e = s[i++]) {
                        '"', '\\', '/' -> sb.append(e)
                        'b' -> sb.append('\b')
                        'f' -> sb.append('\u000C')
                        'n' -> sb.append('\n')
                        'r' -> sb.append('\r')
                        't' -> sb.append('\t')
                        // Surrogate pairs arrive as two \u escapes; appending both rebuilds them.
                        'u' -> {
                            val hex = s.substring(i, minOf(i + 4, s.length))
                            if (hex.length != 4 || !hex.all { it in "0123456789abcdefABCDEF" }) fail("bad \\u escape")
                            sb.append(hex.toInt(16).toChar())
                            i += 4
                        }
                        else -> fail("bad escape '\\$e'")
                    }
                }
                c < ' ' -> fail("control character in string")
                else -> sb.append(c)
            }
        }
    }

    private fun num(): Double {
        val start = i
        if (i < s.length && s[i] == '-') i++
        while (i < s.length && (s[i].isDigit() || s[i] in ".eE+-")) i++
        val text = s.substring(start, i)
        // JSON forbids what toDouble would also accept (leading '+', "NaN", hex): check the shape.
        if (!Regex("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?").matches(text)) fail("bad number '$text'")
        return text.toDouble()
    }
}

fun parseJson(text: String): Any? = JsonParser(text).parseDocument()

// ---- Case inputs ----

@Suppress("UNCHECKED_CAST")
fun Any?.obj(): Map<String, Any?> = this as? Map<String, Any?> ?: error("expected an object, got $this")

fun Any?.list(): List<Any?> = this as? List<Any?> ?: error("expected an array, got $this")

fun number(v: Any?): Float = when (v) {
    "NaN" -> Float.NaN
    is Double -> v.toFloat()
    else -> error("not a number: $v")
}

fun numbers(v: Any?): List<Float> = v.list().map(::number)

// Rust's saturating `f32 as u8`: NaN -> 0, clamped to [0, 255], truncated.
fun toU8(v: Float): Byte = if (v.isNaN()) 0 else v.coerceIn(0f, 255f).toInt().toByte()

fun dim(input: Map<String, Any?>, key: String): UInt =
    (input[key] as? Double)?.toLong()?.toUInt() ?: error("missing $key")

fun bufferU8(spec: Any?, root: File): ByteArray {
    val m = spec.obj()
    (m["file"] as? String)?.let { return File(root, it).readBytes() }
    m["values"]?.let { vals -> return numbers(vals).map(::toU8).toByteArray() }
    val fill = m["fill"]?.let(::number) ?: 0f
    val len = (m["len"] as? Double)?.toInt() ?: error("buffer needs file, values or fill+len")
    return ByteArray(len) { toU8(fill) }
}

fun bufferF32(spec: Any?, root: File): MutableList<Float> {
    val m = spec.obj()
    val out: MutableList<Float> = when {
        m["file"] != null -> bufferU8(spec, root).map { (it.toInt() and 0xFF).toFloat() }.toMutableList()
        m["values"] != null -> numbers(m["values"]).toMutableList()
        else -> {
            val fill = m["fill"]?.let(::number) ?: 0f
            MutableList((m["len"] as? Double)?.toInt() ?: error("buffer needs len")) { fill }
        }
    }
    (m["nan_at"] as? Double)?.let { out[it.toInt()] = Float.NaN }
    return out
}

// ---- Running a case ----

sealed class Outcome {
    data class Scores(val scores: EmotionScores) : Outcome()
    data class ScoresList(val list: List<EmotionScores>) : Outcome()
    data class Failure(val kind: String, val code: String, val message: String) : Outcome()
    /** A serde-shaped result (maps, lists, Double, String, Boolean, null). */
    data class Value(val value: Any?) : Outcome()
}

fun kindAndCode(e: ResonaException): Pair<String, String> = when (e) {
    is ResonaException.Config -> "config" to e.code
    is ResonaException.Input -> "input" to e.code
    is ResonaException.Limit -> "limit" to e.code
    is ResonaException.Model -> "model" to e.code
}

val textAnalyzers = mutableMapOf<Boolean, TextAnalyzer>()

fun runText(op: String, input: Map<String, Any?>): Outcome {
    val swahili = input["swahili"] as? Boolean ?: true
    val a = textAnalyzers.getOrPut(swahili) { TextAnalyzer(swahili) }
    val bytes = input["bytes"]?.list()?.map { (it as Double).toInt().toByte() }?.toByteArray()
    val text = input["text"] as? String
    return Outcome.Value(
        when (op) {
            "text_sentiment" -> a.sentiment(text ?: error("text needed")).let {
                mapOf("neg" to it.neg, "neu" to it.neu, "pos" to it.pos, "compound" to it.compound)
            }
            "text_analyze" -> parseJson((if (bytes != null) a.analyzeBytes(bytes) else a.analyze(text ?: error("text needed"))).json)
            "text_redact_pii" -> a.redactPii(text ?: error("text needed")).let { r ->
                mapOf(
                    "text" to r.text,
                    "items" to r.items.map {
                        mapOf(
                            "kind" to it.kind,
                            "replacement" to it.replacement,
                            "span_in_original" to mapOf("start" to it.start.toDouble(), "end" to it.end.toDouble()),
                        )
                    },
                )
            }
            else -> error("unknown op $op")
        },
    )
}

fun runEngine(input: Map<String, Any?>, backend: Backend, root: File): Outcome = Engine(backend).use { engine ->
    val summaries = mutableListOf<String>()
    for (e in input["events"].list().map { it.obj() }) {
        val t = ((e["t"] as? Double) ?: 0.0).toLong()
        when {
            e.containsKey("text") -> engine.pushText(e["text"] as String, t)
            e.containsKey("audio") -> {
                val y = loadPcm16(root.resolve(e["audio"] as String)).toList()
                for (k in y.indices step 320) engine.pushAudio(y.subList(k, minOf(k + 320, y.size)), 16000u, 1u.toUShort(), t + 20L * (k / 320))
            }
            e.containsKey("frame") -> {
                val f = e["frame"].obj()
                engine.pushFrame(root.resolve(f["file"] as String).readBytes(), dim(f, "width"), dim(f, "height"), pixelFormatFromName(f["format"] as String), t)
            }
            e.containsKey("end_session") -> summaries += engine.endSession(t)
        }
    }
    val out = mutableMapOf<String, Any?>()
    for (r in input["read"]?.list() ?: emptyList()) {
        out[r as String] = when (r) {
            "state" -> engine.state()?.let { parseJson(it.json) }
            "summary" -> summaries.lastOrNull()?.let { parseJson(it) }
            "burnout" -> parseJson(engine.burnout())
            else -> error("unknown read $r")
        }
    }
    Outcome.Value(out)
}

val faceAnalyzers = mutableMapOf<List<Any>, FaceAnalyzer>()

fun runFace(input: Map<String, Any?>, backend: Backend, root: File): Outcome {
    val all = input["landmarks"] == "all"
    val rotation = ((input["rotation"] as? Double) ?: 0.0).toUInt()
    val detector = when (val d = input["detector"] as? String ?: "full_range") {
        "full_range" -> DetectorModel.FULL_RANGE
        "short_range" -> DetectorModel.SHORT_RANGE
        else -> error("unknown detector $d")
    }
    val analyzer = faceAnalyzers.getOrPut(listOf(backend, all, rotation, detector)) { FaceAnalyzer(backend, all, rotation, detector) }
    val img = input["image"].obj()
    val format = pixelFormatFromName(img["format"] as? String ?: error("missing format"))
    val stride = (img["stride"] as? Double)?.toLong()?.toULong()
    val reading = analyzer.analyze(bufferU8(img, root), dim(img, "width"), dim(img, "height"), stride, format)
    return Outcome.Value(parseJson(reading.json))
}

fun pcm(input: Map<String, Any?>, root: File): List<Float> {
    (input["zeros"] as? Double)?.let { return List(it.toInt()) { 0f } }
    return loadPcm16(root.resolve(input["pcm"] as? String ?: error("pcm or zeros needed"))).toList()
}

fun rate(input: Map<String, Any?>, key: String): UInt = ((input[key] as? Double) ?: 16000.0).toLong().toUInt()

fun runAudio(op: String, input: Map<String, Any?>, root: File, backend: Backend): Outcome {
    val y = pcm(input, root)
    val d = { v: Float -> v.toDouble() }
    return Outcome.Value(
        when (op) {
            "audio_mfcc" -> mfcc(
                y, rate(input, "sr"),
                MfccOptions(
                    nMfcc = ((input["n_mfcc"] as? Double) ?: 40.0).toUInt(),
                    nMels = ((input["n_mels"] as? Double) ?: 40.0).toUInt(),
                    fmin = ((input["fmin"] as? Double) ?: 0.0).toFloat(),
                    fmax = (input["fmax"] as? Double)?.toFloat(),
                    htk = input["htk"] as? Boolean ?: false,
                ),
            ).let { mapOf("rows" to it.rows.toDouble(), "cols" to it.cols.toDouble(), "data" to it.data.map(d)) }
            "audio_rms", "audio_zcr" -> {
                val fl = ((input["frame_length"] as? Double) ?: 2048.0).toUInt()
                val hop = ((input["hop_length"] as? Double) ?: 512.0).toUInt()
                mapOf("data" to (if (op == "audio_rms") rms(y, fl, hop) else zcr(y, fl, hop)).map(d))
            }
            "audio_pyin" -> pyin(y, rate(input, "sr"), ((input["fmin"] as? Double) ?: 65.0).toFloat(), ((input["fmax"] as? Double) ?: 600.0).toFloat())
                .let { mapOf("f0" to it.f0.map(d), "voiced" to it.voiced) }
            "audio_crepe" -> crepe(y, rate(input, "sr"), ((input["fmin"] as? Double) ?: 50.0).toFloat(), ((input["fmax"] as? Double) ?: 2006.0).toFloat(), backend)
                .let { mapOf("f0" to it.f0.map(d), "voiced" to it.voiced, "periodicity" to it.periodicity.map(d)) }
            "audio_yin" -> mapOf("f0" to yin(y, rate(input, "sr"), ((input["fmin"] as? Double) ?: 65.0).toFloat(), ((input["fmax"] as? Double) ?: 600.0).toFloat()).map(d))
            "audio_voice_quality" -> voiceQuality(y, rate(input, "sr")).let {
                mapOf("jitter_local" to it.jitterLocal?.toDouble(), "shimmer_local" to it.shimmerLocal?.toDouble(), "hnr_db" to it.hnrDb?.toDouble())
            }
            "audio_resample" -> mapOf("len" to resample(y, rate(input, "orig_sr"), rate(input, "target_sr")).size.toDouble())
            "audio_stream" -> {
                val chunks = input["chunks"]?.list()?.map { (it as Double).toInt().coerceAtLeast(1) } ?: listOf(maxOf(y.size, 1))
                AudioStream(rate(input, "sr"), 1u.toUShort(), false).use { s ->
                    val frames = mutableListOf<AudioFrame>()
                    var at = 0
                    var k = 0
                    while (at < y.size) {
                        val n = minOf(chunks[k++ % chunks.size], y.size - at)
                        frames += s.push(y.subList(at, at + n), 0L)
                        at += n
                    }
                    frames += s.finish()
                    mapOf("n_frames" to frames.size.toDouble(), "n_mfcc" to (frames.firstOrNull()?.mfcc?.size ?: 0).toDouble())
                }
            }
            "audio_features" -> audioFeatures(y, rate(input, "sr")).associate { it.name to it.value.toDouble() }
            // Shaped like the serde result of the other surfaces. The record carries no label or
            // confidence of its own: they are its scores' (argmax and its probability), which is
            // how Rust decides them too.
            "audio_voice_emotion_segments" -> voiceEmotionSegments(y, rate(input, "sr"), ((input["start_ms"] as? Double) ?: 0.0).toLong(), backend).map { s ->
                mapOf(
                    "start" to s.startMs.toDouble(),
                    "end" to s.endMs.toDouble(),
                    "emotion" to mapOf(
                        "scores" to emotionNames().zip(s.scores.probabilities).associate { (n, p) -> n to p.toDouble() },
                        "label" to s.scores.label.name.lowercase(),
                        "confidence" to s.scores.confidence.toDouble(),
                        "gated" to s.gated,
                    ),
                )
            }
            "audio_vocal_stress" -> mapOf("score" to vocalStress(y, rate(input, "sr")).toDouble())
            else -> error("unknown op $op")
        },
    )
}

/** The rules of bindings/conformance/src/compare.rs; null when equal, else the difference. */
fun compareJson(expected: Any?, actual: Any?, tol: Double, path: String = "$"): String? = when (expected) {
    "NaN" -> if (actual == null || (actual as? Double)?.isNaN() == true) null else "$path: expected NaN, got $actual"
    is Double -> {
        val a = (actual as? Number)?.toDouble()
        if (a != null && abs(a - expected) <= tol) null else "$path: expected $expected, got $actual (tolerance $tol)"
    }
    is List<*> -> {
        val a = actual as? List<*>
        if (a == null || a.size != expected.size) "$path: expected ${expected.size} elements, got $actual"
        else expected.indices.firstNotNullOfOrNull { compareJson(expected[it], a[it], tol, "$path[$it]") }
    }
    is Map<*, *> -> {
        val a = actual as? Map<*, *>
        if (a == null) "$path: expected an object, got $actual"
        else expected.entries.firstNotNullOfOrNull { (k, v) ->
            if (!a.containsKey(k)) "$path: missing key \"$k\"" else compareJson(v, a[k], tol, "$path.$k")
        }
    }
    else -> if (expected == actual) null else "$path: expected $expected, got $actual"
}

fun run(case: Map<String, Any?>, classifier: () -> ExpressionClassifier, root: File, backend: Backend): Outcome {
    val input = case["input"].obj()
    return try {
        if (case["op"] == "text_transformer") return runTransformer(input, root, backend)
        val textOp = (case["op"] as? String)?.takeIf { it.startsWith("text_") }
        if (textOp != null) return runText(textOp, input)
        if (case["op"] == "face_analyze") return runFace(input, backend, root)
        if (case["op"] == "engine_session") return runEngine(input, backend, root)
        val audioOp = (case["op"] as? String)?.takeIf { it.startsWith("audio_") }
        if (audioOp != null) return runAudio(audioOp, input, root, backend)
        when (val op = case["op"]) {
            "emotion_scores_from_logits" -> Outcome.Scores(
                emotionScoresFromLogits(numbers(input["logits"]), input["labels"]?.list()?.map { it as String }),
            )
            "emotion_scores_from_probabilities" -> Outcome.Scores(
                emotionScoresFromProbabilities(numbers(input["probabilities"]), input["labels"]?.list()?.map { it as String }),
            )
            "classify_face_crop" -> {
                val (w, h) = dim(input, "width") to dim(input, "height")
                Outcome.Scores(
                    if (input["dtype"] == "f32") classifier().classifyCropF32(bufferF32(input["pixels"], root), w, h)
                    else classifier().classifyCropU8(bufferU8(input["pixels"], root), w, h),
                )
            }
            "classify_face_crops" -> {
                val all = input["crops"].list().map { bufferU8(it, root) }.fold(ByteArray(0)) { a, b -> a + b }
                Outcome.ScoresList(classifier().classifyCropsU8(all, dim(input, "width"), dim(input, "height")))
            }
            "classify_image" -> {
                val pixels = bufferU8(input["pixels"], root)
                val format = pixelFormatFromName(input["format"] as? String ?: error("missing format"))
                val stride = (input["stride"] as? Double)?.toLong()?.toULong()
                Outcome.Scores(classifier().classifyImage(pixels, dim(input, "width"), dim(input, "height"), stride, format))
            }
            else -> error("unknown op $op")
        }
    } catch (e: ResonaException) {
        val (kind, code) = kindAndCode(e)
        Outcome.Failure(kind, code, e.message ?: "")
    }
}

fun compareScores(expected: Map<String, Any?>, actual: EmotionScores, tol: Double): String? {
    val names = emotionNames()
    if (actual.probabilities.size != names.size) return "expected ${names.size} probabilities, got ${actual.probabilities.size}"
    for ((name, p) in names.zip(actual.probabilities)) {
        val want = expected[name] as? Double ?: return "expected scores lack $name"
        if (abs(p.toDouble() - want) > tol) return "$name: expected $want, got $p (tolerance $tol)"
    }
    return null
}

/**
 * Keys of an op's expected value that the Kotlin API does not return: `vocalStress` gives the
 * score alone, without the indicators the other surfaces compare.
 */
val NOT_IN_KOTLIN = mapOf("audio_vocal_stress" to setOf("indicators", "personal_baseline"))

fun expectedValue(case: Map<String, Any?>, expected: Any?): Any? {
    val lacks = NOT_IN_KOTLIN[case["op"]] ?: return expected
    return expected.obj().filterKeys { it !in lacks }
}

/** Null when the outcome matches the case's expectation, else what differs. */
fun check(case: Map<String, Any?>, outcome: Outcome): String? {
    val tol = case["tolerance"] as? Double ?: 1e-6
    val expect = case["expect"].obj()
    val error = expect["error"]?.obj()
    return when {
        error != null -> when (outcome) {
            is Outcome.Failure ->
                if (outcome.kind == error["kind"] && outcome.code == error["code"]) null
                else "expected error ${error["kind"]}/${error["code"]}, got ${outcome.kind}/${outcome.code} (${outcome.message})"
            else -> "expected error ${error["kind"]}/${error["code"]}, got $outcome"
        }
        outcome is Outcome.Failure -> "unexpected error ${outcome.kind}/${outcome.code}: ${outcome.message}"
        expect.containsKey("value") && outcome is Outcome.Value -> compareJson(expectedValue(case, expect["value"]), outcome.value, tol)
        expect["scores"] != null && outcome is Outcome.Scores -> {
            compareScores(expect["scores"].obj(), outcome.scores, tol) ?: (expect["label"] as? String)?.let { label ->
                val got = outcome.scores.label.name.lowercase()
                if (got != label) "expected label $label, got $got" else null
            }
        }
        expect["scores_list"] != null && outcome is Outcome.ScoresList -> {
            val want = expect["scores_list"].list()
            if (want.size != outcome.list.size) "expected ${want.size} results, got ${outcome.list.size}"
            else want.zip(outcome.list).firstNotNullOfOrNull { (e, a) -> compareScores(e.obj(), a, tol) }
        }
        else -> "output $outcome does not fit the expectation"
    }
}

// ---- Main ----

class Tally {
    var passed = 0
    var failed = 0

    fun record(name: String, problem: String?) {
        if (problem == null) passed++ else { failed++; println("FAIL $name: $problem") }
    }

    /** Runs an API check: it passes when `block` returns without throwing. */
    fun api(name: String, block: () -> Unit) = record(
        "api/$name",
        try { block(); null } catch (e: Throwable) { "${e.javaClass.simpleName}: ${e.message}" },
    )
}

fun assertTrue(cond: Boolean, msg: () -> String) {
    if (!cond) throw AssertionError(msg())
}

inline fun <reified E : Throwable> assertThrows(block: () -> Unit): E {
    try { block() } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}

fun apiChecks(t: Tally) {
    t.api("json_parser") {
        val text = """ {"a": [1, -2.5e-3, 1E2, 0.5, true, false, null, []], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "o": {}} """
        val v = parseJson(text).obj()
        assertTrue(v["a"] == listOf(1.0, -0.0025, 100.0, 0.5, true, false, null, emptyList<Any?>())) { "a = ${v["a"]}" }
        assertTrue(v["s"] == "q\"\\/\b\u000C\n\r\t\u00e9\ud83d\ude00") { "s = ${v["s"]}" }
        assertTrue(v["o"] == emptyMap<String, Any?>()) { "o = ${v["o"]}" }
        for (bad in listOf("[1,]", "{\"a\" 1}", "01", "[1] x", "\"abc", "+1", "NaN")) {
            assertThrows<IllegalArgumentException> { parseJson(bad) }
        }
    }
    t.api("emotion_names_and_enum") {
        val names = emotionNames()
        assertTrue(names == listOf("neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted")) { "names $names" }
        assertTrue(Emotion.values().map { it.name.lowercase() } == names) { "enum ${Emotion.values().toList()}" }
    }
    t.api("scores_record") {
        val s = emotionScoresFromLogits(listOf(0f, ln(2f), 0f, 0f, 0f, 0f, 0f), null)
        assertTrue(s.label == Emotion.HAPPY && abs(s.confidence - 0.25f) < 1e-6f) { "$s" }
        assertTrue(abs(s.probabilities.sum() - 1f) < 1e-6f && s.probabilities.size == 7) { "$s" }
        val fer = emotionScoresFromLogits(listOf(5f, 0f, 0f, 0f, 0f, 0f, 0f), listOf("anger", "disgust", "fear", "happy", "sad", "surprise", "neutral"))
        assertTrue(fer.label == Emotion.ANGRY) { "$fer" }
    }
    t.api("typed_errors") {
        val e = assertThrows<ResonaException.Input> { pixelFormatFromName("yuv420") }
        assertTrue(e.code == "unknown_name" && "yuv420" in e.reason) { "code ${e.code}, reason ${e.reason}" }
        assertTrue("unknown_name" in e.message) { "message ${e.message}" }
        assertTrue(pixelFormatFromName("rgba8") == PixelFormat.RGBA8) { "rgba8" }
        val c = assertThrows<ResonaException.Config> { emotionScoresFromLogits(listOf(1f, 2f), listOf("sad", "sadness")) }
        assertTrue(c.code == "invalid_parameter") { c.code }
    }
    t.api("classifier_is_autocloseable") {
        val c = ExpressionClassifier(Backend.TRACT)
        val closeable: AutoCloseable = c
        closeable.use { assertTrue(c.backend() == Backend.TRACT) { "backend ${c.backend()}" } }
        // A closed classifier refuses further calls instead of touching freed memory.
        assertThrows<IllegalStateException> { c.backend() }
    }
    t.api("classifier_errors_keep_their_type") {
        ExpressionClassifier(Backend.TRACT).use { c ->
            val e = assertThrows<ResonaException.Input> { c.classifyImage(ByteArray(12), 2u, 2u, 5uL, PixelFormat.RGB8) }
            assertTrue(e.code == "stride_too_small") { e.code }
        }
    }
}

fun main(args: Array<String>) {
    val root = File(args.firstOrNull() ?: error("usage: ConformanceTestKt <conformance dir>"))
    val files = root.resolve("cases").listFiles { f -> f.extension == "json" }?.sortedBy { it.name }
        ?: error("no cases in $root")
    val cases = files.flatMap { f ->
        parseJson(f.readText()).obj()["cases"].list().map { f.nameWithoutExtension to it.obj() }
    }
    val t = Tally()
    apiChecks(t)
    audioChecks(t, root)
    engineChecks(t)
    faceChecks(t, root)

    val backends = mutableListOf(Backend.TRACT)
    val ortPath = System.getenv("ORT_DYLIB_PATH")
    when {
        ortPath != null -> try {
            val loaded = initOnnxruntime(ortPath)
            t.record("init_onnxruntime", if (File(loaded) == File(ortPath)) null else "loaded $loaded, not $ortPath")
            backends.add(Backend.ONNX_RUNTIME)
        } catch (e: ResonaException) {
            t.record("init_onnxruntime", "${kindAndCode(e)}: ${e.message}")
        }
        System.getenv("RESONA_REQUIRE_ORT") == "1" ->
            t.record("init_onnxruntime", "RESONA_REQUIRE_ORT=1 but ORT_DYLIB_PATH is not set")
        else -> println("note: ORT_DYLIB_PATH is not set; skipping the onnxruntime backend")
    }

    for (backend in backends) {
        // One classifier per backend, built on first use; a failure to build it is each case's answer.
        var built: Result<ExpressionClassifier>? = null
        val classifier = { (built ?: runCatching { ExpressionClassifier(backend) }.also { built = it }).getOrThrow() }
        for ((file, case) in cases) {
            val name = "${backend.name.lowercase()}/$file/${case["name"]}"
            val problem = try {
                check(case, run(case, classifier, root, backend))
            } catch (e: Exception) {
                "harness error: ${e.javaClass.simpleName}: ${e.message}"
            }
            t.record(name, problem)
        }
        built?.getOrNull()?.close()
    }
    println("${t.passed} passed, ${t.failed} failed")
    exitProcess(if (t.failed > 0) 1 else 0)
}

// ---- Audio: the golden files of resona-audio (librosa 0.11.0, Praat via parselmouth 0.4.7) ----

fun loadPcm16(file: File): FloatArray {
    val b = file.readBytes()
    return FloatArray(b.size / 2) { i ->
        val v = (b[2 * i].toInt() and 0xff) or (b[2 * i + 1].toInt() shl 8)
        v.toShort() / 32768f
    }
}

fun audioChecks(t: Tally, root: File) {
    val golden = root.resolve("../../resona-audio/tests/data/golden").canonicalFile
    val y = loadPcm16(golden.resolve("inputs/espeak_en.pcm16")).toList()
    val spectral = parseJson(golden.resolve("spectral.json").readText()).obj()["signals"].obj()["espeak_en"].obj()
    t.api("audio_mfcc_equals_librosa") {
        val g = spectral["mfcc"].obj()
        val m = mfcc(y, 16000u, MfccOptions())
        assertTrue(m.rows == 40u && m.cols.toInt() == (g["n_frames"] as Double).toInt()) { "shape ${m.rows}x${m.cols}" }
        val frames = g["frames"].list().map { (it as Double).toInt() }
        val data = g["data"].list().map { it as Double }
        for (r in 0 until 40) for ((j, col) in frames.withIndex()) {
            val got = m.data[r * m.cols.toInt() + col].toDouble()
            val want = data[r * frames.size + j]
            assertTrue(abs(got - want) <= 1e-3) { "mfcc[$r,$col] $got vs $want" }
        }
    }
    t.api("audio_pyin_voicing_agrees_with_librosa") {
        val c = parseJson(golden.resolve("pitch.json").readText()).obj()["cases"].obj()["espeak_en"].obj()
        val p = c["params"].obj()
        val track = pyin(y, 16000u, (p["fmin"] as Double).toFloat(), (p["fmax"] as Double).toFloat())
        val want = c["pyin_voiced"].list().map { it == true || it == 1.0 }
        assertTrue(track.voiced.size == want.size) { "${track.voiced.size} frames vs ${want.size}" }
        val agree = track.voiced.zip(want).count { (a, b) -> a == b }
        assertTrue(agree >= 0.97 * want.size) { "$agree of ${want.size}" }
        assertTrue(track.f0.zip(track.voiced).all { (f, v) -> f.isNaN() != v }) { "NaN exactly where unvoiced" }
    }
    t.api("audio_voice_quality_near_praat") {
        val want = parseJson(golden.resolve("voice.json").readText()).obj()["cases"].obj()["pulses_120_j3_s10"].obj()
        val r = voiceQuality(loadPcm16(golden.resolve("inputs/pulses_120_j3_s10.pcm16")).toList(), 16000u)
        val j = want["jitter_local"] as Double
        assertTrue(abs(r.jitterLocal!!.toDouble() - j) <= 0.1 * j) { "jitter ${r.jitterLocal} vs $j" }
        assertTrue(abs(r.hnrDb!!.toDouble() - (want["hnr_db"] as Double)) <= 1.0) { "hnr ${r.hnrDb}" }
        assertTrue(voiceQuality(List(16000) { 0f }, 16000u).jitterLocal == null) { "silence has no jitter" }
    }
    t.api("audio_stream_is_chunk_invariant") {
        fun run(sizes: List<Int>): List<AudioFrame> = AudioStream(16000u, 1u.toUShort(), false).use { s ->
            val out = mutableListOf<AudioFrame>()
            var at = 0
            var k = 0
            while (at < y.size) {
                val n = minOf(sizes[k++ % sizes.size], y.size - at)
                out += s.push(y.subList(at, at + n), (at / 16).toLong())
                at += n
            }
            out += s.finish()
            out
        }
        val whole = run(listOf(y.size))
        assertTrue(whole.size == 1 + y.size / 160) { "${whole.size} frames" }
        val chunked = run(listOf(1, 999, 4096, 7))
        assertTrue(whole.map { Triple(it.index, it.mfcc, it.f0Hz) } == chunked.map { Triple(it.index, it.mfcc, it.f0Hz) }) { "chunking changed frames" }
    }
    t.api("audio_voice_emotion_and_stress") {
        val segments = voiceEmotionSegments(y, 16000u, 0L, Backend.TRACT)
        assertTrue(segments.isNotEmpty() && segments.all { it.endMs > it.startMs }) { "$segments" }
        assertTrue(segments.all { abs(it.scores.probabilities.sum() - 1f) < 1e-4 }) { "distributions" }
        val stress = vocalStress(y, 16000u)
        assertTrue(stress in 0f..1f) { "stress $stress" }
    }
    t.api("audio_features_and_errors") {
        val f = audioFeatures(y, 16000u)
        assertTrue(f.first().name == "duration_s" && abs(f.first().value - y.size / 16000f) < 1e-3) { "${f.first()}" }
        val e = assertThrows<ResonaException.Input> { mfcc(y, 1000u, MfccOptions()) }
        assertTrue(e.code == "invalid_sample_rate") { e.code }
        val c = assertThrows<ResonaException.Config> { pyin(y, 16000u, 500f, 100f) }
        assertTrue(c.code == "invalid_parameter") { c.code }
    }
}

// ---- Engine: a message-driven session, crisis flag, persistence, typed errors ----

fun engineChecks(t: Tally) {
    t.api("engine_face_interval") {
        val frame = ByteArray(320 * 240 * 3)
        Engine(Backend.TRACT).use { e ->
            val read = (0 until 330 step 33).filter { e.pushFrame(frame, 320u, 240u, PixelFormat.RGB8, it.toLong()) != null }
            assertTrue(read == listOf(0, 132, 264)) { "$read" }
        }
        Engine.withIntervals(Backend.TRACT, 0u, 0u).use { e ->
            assertTrue(listOf(0L, 33L).all { e.pushFrame(frame, 320u, 240u, PixelFormat.RGB8, it)?.faces?.isEmpty() == true }) { "every frame read" }
        }
    }
    t.api("engine_session_story") {
        Engine(Backend.TRACT).use { engine ->
            assertTrue(engine.state() == null) { "no state before a reading" }
            engine.pushText("Had a calm day, lunch with friends", 1000)
            val calm = engine.state()!!
            assertTrue(!calm.crisis && calm.stress in 0f..100f) { "calm: $calm" }
            engine.pushText("I want to end it all, I can't go on", 2000)
            val s = engine.state()!!
            assertTrue(s.crisis) { "crisis flagged at once" }
            assertTrue(parseJson(s.json).obj()["guidance"].obj()["surface_crisis_resources"] == true) { s.json }
            val summary = parseJson(engine.endSession(3000)).obj()
            assertTrue(summary["risk_events"].list().isNotEmpty()) { "risk events recorded" }
            val baseline = engine.saveBaseline()
            Engine(Backend.TRACT).use { other ->
                other.loadBaseline(baseline)
                val history = engine.saveHistory()
                other.loadHistory(history)
                assertTrue(history.isNotEmpty()) { "history has the ended session" }
                // ByteArray's == is reference equality: compare contents.
                assertTrue(other.saveHistory().contentEquals(history)) { "history round trip" }
                val e = assertThrows<ResonaException.Input> { other.loadBaseline(baseline.copyOfRange(0, 10)) }
                assertTrue(e.code == "invalid_state") { e.code }
            }
        }
    }
}

// ---- Faces: the short-range (selfie) detector through the API (the conformance cases check its numbers) ----

fun faceChecks(t: Tally, root: File) {
    t.api("face_short_range_finds_one_face") {
        // One Solvay crop (64x64 gray, public domain) scaled to 220 px (nearest neighbour) on a
        // grey 640x480 gray8 frame, as from a webcam: the setting the selfie model is made for.
        val crop = root.resolve("data/faces/solvay_01.gray").readBytes()
        val (w, h, side, left, top) = listOf(640, 480, 220, 210, 130)
        val frame = ByteArray(w * h) { i ->
            val (cx, cy) = (i % w - left) to (i / w - top)
            if (cx in 0 until side && cy in 0 until side) crop[(cy * 64 / side) * 64 + cx * 64 / side] else 90.toByte()
        }
        FaceAnalyzer(Backend.TRACT, false, 0u, DetectorModel.SHORT_RANGE).use { selfie ->
            val r = selfie.analyze(frame, w.toUInt(), h.toUInt(), null, PixelFormat.GRAY8)
            assertTrue(r.faces.size == 1 && r.primary == 0u) { "faces ${r.faces.map { it.bbox }}" }
            val b = r.faces[0].bbox
            val (mx, my) = (b.x + b.width / 2) to (b.y + b.height / 2)
            assertTrue(mx > left && mx < left + side && my > top && my < top + side) { "box $b" }
            assertTrue(r.faces[0].landmarks.size == 468 * 3) { "landmarks ${r.faces[0].landmarks.size}" }
        }
        assertTrue(DetectorModel.values().toList() == listOf(DetectorModel.FULL_RANGE, DetectorModel.SHORT_RANGE)) {
            "enum ${DetectorModel.values().toList()}"
        }
    }
}
