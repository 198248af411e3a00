// YAML output through libyaml's emitter, reproducing what kubectl prints for `-o yaml`
// (json.Marshal, then sigs.k8s.io/yaml JSONToYAML = go-yaml v2 Marshal). go-yaml v2's emitter
// is a port of libyaml, so the same event stream with the same scalar styles gives the same
// bytes; the choices go-yaml makes before the emitter (key order, scalar style, number text)
// are made here.

import CYAML

/// Collects the emitter's output; a class because libyaml calls back through a raw pointer.
private final class OutputSink {
    var bytes: [UInt8] = []
}

struct Emitter {
    var sortKeys: Bool

    func emit(_ value: Value) -> String {
        let sink = OutputSink()
        sink.bytes.reserveCapacity(4096)
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) != 0 else { return fallback(value) }
        defer { yaml_emitter_delete(emitter) }
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, 80)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        yaml_emitter_set_output(emitter, { data, buffer, size in
            guard let data, let buffer else { return 0 }
            let sink = Unmanaged<OutputSink>.fromOpaque(data).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, context)

        var ok = true
        var event = yaml_event_t()
        func send() { if ok && yaml_emitter_emit(emitter, &event) == 0 { ok = false } }

        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING); send()
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1); send()
        emitNode(value, emitter: emitter, ok: &ok)
        yaml_document_end_event_initialize(&event, 1); send()
        yaml_stream_end_event_initialize(&event); send()
        if ok && yaml_emitter_flush(emitter) == 0 { ok = false }
        withExtendedLifetime(sink) {}
        guard ok else { return fallback(value) }
        // libyaml 0.2.5 closes a document ending in a `|+` block (or a root plain scalar) with
        // `...`; go-yaml v2 does not, and the marker changes nothing for a single document.
        if sink.bytes.count > 4, sink.bytes.suffix(5).elementsEqual("\n...\n".utf8) {
            sink.bytes.removeLast(4)
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// JSON is valid YAML: should libyaml ever refuse an event, the caller still gets the data.
    private func fallback(_ value: Value) -> String {
        JSONWriter(sortKeys: sortKeys, indent: nil).encode(value) + "\n"
    }

    private func emitNode(_ value: Value, emitter: UnsafeMutablePointer<yaml_emitter_t>, ok: inout Bool) {
        guard ok else { return }
        var event = yaml_event_t()
        switch value {
        case .null: emitScalar("null", style: YAML_PLAIN_SCALAR_STYLE, emitter: emitter, ok: &ok)
        case .bool(let b): emitScalar(b ? "true" : "false", style: YAML_PLAIN_SCALAR_STYLE, emitter: emitter, ok: &ok)
        case .int(let i): emitScalar(String(i), style: YAML_PLAIN_SCALAR_STYLE, emitter: emitter, ok: &ok)
        case .uint(let u): emitScalar(String(u), style: YAML_PLAIN_SCALAR_STYLE, emitter: emitter, ok: &ok)
        case .double(let d): emitScalar(Self.numberText(d), style: YAML_PLAIN_SCALAR_STYLE, emitter: emitter, ok: &ok)
        case .string(let s): emitString(s, emitter: emitter, ok: &ok)
        case .array(let items):
            yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
            if yaml_emitter_emit(emitter, &event) == 0 { ok = false; return }
            for item in items { emitNode(item, emitter: emitter, ok: &ok) }
            yaml_sequence_end_event_initialize(&event)
            if ok && yaml_emitter_emit(emitter, &event) == 0 { ok = false }
        case .object(let object):
            yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
            if yaml_emitter_emit(emitter, &event) == 0 { ok = false; return }
            let keys = sortKeys ? KeyOrder.sorted(object.keys) : object.keys
            for key in keys {
                guard let child = object[key] else { continue }
                emitString(key, emitter: emitter, ok: &ok)
                emitNode(child, emitter: emitter, ok: &ok)
            }
            yaml_mapping_end_event_initialize(&event)
            if ok && yaml_emitter_emit(emitter, &event) == 0 { ok = false }
        }
    }

    /// go-yaml v2.4 `stringv`: literal block for multi-line text, plain when the text reads
    /// back as the same string, double quotes otherwise. libyaml may still pick a safer style
    /// (single quotes for `*x`, double quotes where a block is not allowed), as go-yaml's does.
    private func emitString(_ s: String, emitter: UnsafeMutablePointer<yaml_emitter_t>, ok: inout Bool) {
        let style: yaml_scalar_style_t
        if s.utf8.contains(UInt8(ascii: "\n")) {
            style = YAML_LITERAL_SCALAR_STYLE
        } else if Resolver.isPlainSafe(s) {
            style = YAML_PLAIN_SCALAR_STYLE
        } else {
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        }
        emitScalar(s, style: style, emitter: emitter, ok: &ok)
    }

    private func emitScalar(_ text: String, style: yaml_scalar_style_t,
                            emitter: UnsafeMutablePointer<yaml_emitter_t>, ok: inout Bool) {
        guard ok else { return }
        var event = yaml_event_t()
        // A trailing NUL keeps the pointer valid for empty text; libyaml copies the value.
        let bytes = Array(text.utf8) + [0]
        let length = Int32(clamping: bytes.count - 1)
        let made = bytes.withUnsafeBufferPointer { buf in
            yaml_scalar_event_initialize(&event, nil, nil, buf.baseAddress, length, 1, 1, style)
        }
        if made == 0 || yaml_emitter_emit(emitter, &event) == 0 { ok = false }
    }

    /// The text kubectl ends up printing for a float64: encoding/json writes it first, then
    /// go-yaml re-reads that text, so integral values come out as integers and the rest in
    /// Go's shortest 'g' form.
    static func numberText(_ d: Double) -> String {
        if d.isFinite && d == d.rounded(.towardZero) {
            if d >= -9223372036854775808.0 && d < 9223372036854775808.0 { return String(Int64(d)) }
            if d >= 0 && d < 18446744073709551616.0 { return String(UInt64(d)) }
        }
        return GoFloat.formatYAML(d)
    }
}
