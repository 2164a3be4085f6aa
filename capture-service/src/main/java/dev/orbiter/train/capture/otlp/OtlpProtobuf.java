package dev.orbiter.train.capture.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP/HTTP's protobuf encoding, with the official generated classes. */
public final class OtlpProtobuf {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpProtobuf() {
    }

    /** The spans of an {@code ExportTraceServiceRequest}; a body that does not parse is an IllegalArgumentException. */
    public static List<OtlpSpan> spans(byte[] body) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an OTLP ExportTraceServiceRequest: " + e.getMessage(), e);
        }
        List<OtlpSpan> out = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    out.add(span(s, resource));
                }
            }
        }
        return out;
    }

    private static OtlpSpan span(Span s, Map<String, Object> resource) {
        List<OtlpSpan.Event> events = new ArrayList<>(s.getEventsCount());
        for (Span.Event e : s.getEventsList()) {
            events.add(new OtlpSpan.Event(e.getName(), e.getTimeUnixNano(), attributes(e.getAttributesList())));
        }
        return new OtlpSpan(hex(s.getTraceId()), hex(s.getSpanId()), hex(s.getParentSpanId()), s.getName(),
                s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), attributes(s.getAttributesList()), events, resource);
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            out.put(kv.getKey(), value(kv.getValue()));
        }
        return out;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpProtobuf::value).toList();
            case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            default -> null;
        };
    }

    /** The OTLP answer: empty when every span was taken, else the partial success. */
    public static byte[] response(long rejected, String message) {
        ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0 || !message.isEmpty()) {
            r.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message));
        }
        return r.build().toByteArray();
    }

    /**
     * A {@code google.rpc.Status} (code 3, INVALID_ARGUMENT), the body OTLP/HTTP asks for with a 400;
     * written field by field, since its class is not part of the OTLP artifact.
     */
    public static byte[] status(String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, 3);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
