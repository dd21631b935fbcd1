// The `text_transformer` conformance op through the Kotlin bindings: names in the case become
// the typed enums through the exported parsers (so a bad name is the same typed error as on
// the other surfaces), the classifier is built with TransformerOptions, and the result is
// shaped like the serde result of the other surfaces.

import dev.resona.Backend
import dev.resona.LinearHead
import dev.resona.TransformerClassifier
import dev.resona.TransformerOptions
import dev.resona.emotionNames
import dev.resona.transformerInputFromName
import dev.resona.transformerPoolingFromName
import java.io.File

fun runTransformer(input: Map<String, Any?>, root: File, backend: Backend): Outcome {
    val head = input["head"]?.obj()?.let { h ->
        LinearHead(h["weights"].list().flatMap { numbers(it) }, numbers(h["bias"]))
    }
    val options = TransformerOptions(
        labels = input["labels"]?.list()?.map { it as String },
        pooling = (input["pooling"] as? String)?.let(::transformerPoolingFromName),
        head = head,
        maxLength = (input["max_length"] as? Double)?.toUInt() ?: 512u,
        normalize = input["normalize"] as? Boolean ?: true,
        inputs = input["inputs"]?.list()?.map { transformerInputFromName(it as String) },
        output = input["output"] as? String ?: "last_hidden_state",
        backend = backend,
    )
    val text = input["text"] as? String ?: error("missing text")
    TransformerClassifier(bufferU8(input["model"], root), bufferU8(input["tokenizer"], root), options).use { clf ->
        return Outcome.Value(
            when (val call = input["call"]) {
                "tokenize" -> clf.tokenize(text).let {
                    mapOf(
                        "input_ids" to it.inputIds,
                        "attention_mask" to it.attentionMask,
                        "token_type_ids" to it.tokenTypeIds,
                        "tokens" to it.tokens,
                    )
                }
                "embed" -> clf.embed(text).map { it.toDouble() }
                "classify" -> clf.classify(text).let { s ->
                    mapOf(
                        "scores" to emotionNames().zip(s.probabilities).associate { (n, p) -> n to p.toDouble() },
                        "label" to s.label.name.lowercase(),
                        "confidence" to s.confidence.toDouble(),
                    )
                }
                else -> error("unknown call $call")
            },
        )
    }
}
