package dev.esfunctions.scan;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One page of a scan's hits, as Elasticsearch answered them; {@code next} is null after the last page. */
public record ScanPage(List<JsonNode> hits, ScanPosition next) {
}
