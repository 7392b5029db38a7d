package dev.esfunctions.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When the written documents become visible to search: Elasticsearch's {@code refresh} parameter. */
public enum Refresh {
    FALSE("false"),
    TRUE("true"),
    WAIT_FOR("wait_for");

    private final String value;

    Refresh(String value) {
        this.value = value;
    }

    /** Accepts the JSON booleans as well as the three strings. */
    @JsonCreator
    public static Refresh of(Object json) {
        String text = String.valueOf(json);
        for (Refresh refresh : values()) {
            if (refresh.value.equals(text)) {
                return refresh;
            }
        }
        throw new IllegalArgumentException("must be false, true or \"wait_for\", not " + text);
    }

    @JsonValue
    public String value() {
        return value;
    }
}
