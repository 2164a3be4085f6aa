package dev.orbiter.train.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.client.http.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A request body as JSON objects: size-checked, parsed, one object or a bounded array of objects. */
final class RequestBodies {

    private final ObjectMapper mapper;
    private final int maxBytes;
    private final int maxBatch;

    RequestBodies(ObjectMapper mapper, int maxBytes, int maxBatch) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
        this.maxBatch = maxBatch;
    }

    List<ObjectNode> objects(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("body", "empty body: expected JSON");
        }
        if (body.length > maxBytes) {
            throw new BadRequestException("body", "larger than " + maxBytes + " bytes");
        }
        JsonNode root = parse(body);
        if (root != null && root.isObject()) {
            return List.of((ObjectNode) root);
        }
        if (root == null || !root.isArray()) {
            throw new BadRequestException("body", "must be a JSON object or an array of objects, got " + Fields.kind(root));
        }
        if (root.isEmpty()) {
            throw new BadRequestException("body", "empty array: nothing to capture");
        }
        if (root.size() > maxBatch) {
            throw new BadRequestException("body", root.size() + " items, more than the batch limit of " + maxBatch);
        }
        List<ObjectNode> out = new ArrayList<>(root.size());
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            if (root.get(i).isObject()) {
                out.add((ObjectNode) root.get(i));
            } else {
                problems.add(new Problem("[" + i + "]", "must be an object, got " + Fields.kind(root.get(i))));
            }
        }
        failIfAny(problems);
        return out;
    }

    private JsonNode parse(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("body", "unreadable body: " + e.getMessage());
        }
    }

    static void failIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new BadRequestException(problems);
        }
    }
}
