package dev.esfunctions.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.esfunctions.model.RawJson;
import dev.esfunctions.model.SearchResult;

/**
 * Elasticsearch's answer to a {@code _search}, read in one pass over its bytes. What es-functions only passes on
 * (each hit's {@code _source} and {@code sort}, the aggregations) is kept as slices of those bytes; only the small
 * parts it decides on (the shards, the clusters, the total) become values. {@code pitId} is null unless the search
 * went through a point-in-time, {@code total} when not tracked, {@code aggregations} when none were asked for;
 * {@code shards} is the {@code _shards} object as a tree, {@code clusters} the {@code _clusters} object of a
 * cross-cluster search (each a missing node when absent).
 */
public record SearchAnswer(String pitId, boolean timedOut, JsonNode shards, JsonNode clusters, SearchResult.Total total,
        List<Hit> hits, RawJson aggregations) {

    /** Parses trees for the small parts; not the callers' mapper, whose failures are the caller's 400. */
    private static final ObjectMapper ANSWERS = new ObjectMapper();

    public static SearchAnswer read(byte[] body) throws IOException {
        String pitId = null;
        boolean timedOut = false;
        JsonNode shards = MissingNode.getInstance();
        JsonNode clusters = MissingNode.getInstance();
        SearchResult.Total total = null;
        List<Hit> hits = List.of();
        RawJson aggregations = null;
        try (JsonParser json = ANSWERS.createParser(body)) {
            requireObject(json, json.nextToken(), "the answer");
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                JsonToken value = json.nextToken();
                switch (field) {
                    case "pit_id" -> pitId = json.getValueAsString();
                    case "timed_out" -> timedOut = value == JsonToken.VALUE_TRUE;
                    case "_shards" -> shards = ANSWERS.readTree(json);
                    case "_clusters" -> clusters = ANSWERS.readTree(json);
                    case "aggregations" -> aggregations = RawJson.slice(json, body);
                    case "hits" -> {
                        requireObject(json, value, "hits");
                        for (String part = json.nextFieldName(); part != null; part = json.nextFieldName()) {
                            JsonToken partValue = json.nextToken();
                            switch (part) {
                                case "total" -> total = total(ANSWERS.readTree(json));
                                case "hits" -> hits = hits(json, partValue, body);
                                default -> json.skipChildren();
                            }
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        }
        return new SearchAnswer(pitId, timedOut, shards, clusters, total, hits, aggregations);
    }

    private static SearchResult.Total total(JsonNode total) {
        return total.isObject() ? new SearchResult.Total(total.path("value").asLong(), total.path("relation").asText())
                : null;
    }

    private static List<Hit> hits(JsonParser json, JsonToken token, byte[] body) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new IOException("hits.hits is not a list but " + token);
        }
        List<Hit> hits = new ArrayList<>();
        for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY; element = json.nextToken()) {
            requireObject(json, element, "a hit");
            String index = null;
            String id = null;
            String routing = null;
            Double score = null;
            RawJson source = null;
            RawJson sort = null;
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                JsonToken value = json.nextToken();
                switch (field) {
                    case "_index" -> index = json.getValueAsString();
                    case "_id" -> id = json.getValueAsString();
                    case "_routing" -> routing = json.getValueAsString();
                    case "_score" -> score = value.isNumeric() ? json.getDoubleValue() : null;
                    case "_source" -> source = RawJson.slice(json, body);
                    case "sort" -> sort = RawJson.slice(json, body);
                    default -> json.skipChildren();
                }
            }
            hits.add(new Hit(index, id, routing, score, source, sort));
        }
        return hits;
    }

    private static void requireObject(JsonParser json, JsonToken token, String what) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw new IOException(what + " is not a JSON object but " + token + " at " + json.currentLocation());
        }
    }
}
