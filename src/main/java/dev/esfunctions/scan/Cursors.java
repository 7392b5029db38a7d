package dev.esfunctions.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;

/**
 * A scan's position as the cursor the caller holds between calls: URL-safe base64 of versioned JSON and, when
 * {@code es-functions.cursor.key} is set, a dot and an HMAC-SHA256 of that JSON. A cursor is input like any other
 * field: one that does not verify (tampered with, signed with another key, unsigned where a key is set), of another
 * version, or not a cursor at all, is a 400 {@code invalid_cursor}. Two keys only verify, for a rotation: the key
 * being rotated out ({@code es-functions.cursor.previous-key}), and the key about to be rotated in
 * ({@code es-functions.cursor.next-key}), so that during a rolling deploy each version accepts the other's cursors.
 * The keys are never logged, reported or measured.
 */
@ApplicationScoped
public class Cursors {

    /** The cursor format; another is from another version of es-functions. */
    private static final int VERSION = 1;
    private static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec signing;
    private final List<SecretKeySpec> verifying;

    @Inject
    Cursors(EsFunctionsConfig config) {
        this(config.cursor().key(), config.cursor().previousKey(), config.cursor().nextKey());
    }

    Cursors(Optional<String> key, Optional<String> previousKey, Optional<String> nextKey) {
        this.signing = key(key, "es-functions.cursor.key");
        List<SecretKeySpec> keys = new ArrayList<>();
        if (signing != null) {
            keys.add(signing);
            Optional.ofNullable(key(previousKey, "es-functions.cursor.previous-key")).ifPresent(keys::add);
            Optional.ofNullable(key(nextKey, "es-functions.cursor.next-key")).ifPresent(keys::add);
        }
        this.verifying = List.copyOf(keys);
    }

    /** Whether cursors are signed: required when the deployment narrows what may be read. */
    public boolean signed() {
        return signing != null;
    }

    public String encode(ScanPosition position) {
        ObjectNode cursor = JSON.createObjectNode().put("v", VERSION).put("index", position.index())
                .put("pit", position.pitId()).put("size", position.size());
        cursor.set("after", position.after());
        cursor.set("query", position.query());
        cursor.set("sort", position.sort());
        cursor.set("source", position.source());
        if (position.slice() != null) {
            cursor.set("slice", position.slice().toJson());
        }
        if (position.sharedPit()) {
            cursor.put("shared", true);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(cursor);
            String body = base64(json);
            return signing == null ? body : body + "." + base64(mac(signing, json));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a cursor", e);
        }
    }

    public ScanPosition decode(String cursor) {
        int dot = cursor.indexOf('.');
        if (signing != null && dot < 0) {
            throw invalid("it is not signed, and this deployment signs its cursors (es-functions.cursor.key)");
        }
        if (signing == null && dot >= 0) {
            throw invalid("it is signed, and this deployment has no key to verify it (es-functions.cursor.key)");
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(dot < 0 ? cursor : cursor.substring(0, dot));
            if (dot >= 0 && !verifies(json, Base64.getUrlDecoder().decode(cursor.substring(dot + 1)))) {
                throw invalid("its signature does not verify: it was changed, or signed by another deployment");
            }
        } catch (IllegalArgumentException notBase64) {
            throw invalid("it is not a cursor this function returned");
        }
        return position(json);
    }

    private boolean verifies(byte[] json, byte[] signature) {
        for (SecretKeySpec key : verifying) {
            try {
                if (MessageDigest.isEqual(mac(key, json), signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot verify a cursor", e);
            }
        }
        return false;
    }

    private static ScanPosition position(byte[] json) {
        JsonNode cursor;
        try {
            cursor = JSON.readTree(json);
        } catch (IOException e) {
            throw invalid("it is not a cursor this function returned");
        }
        if (cursor == null || !cursor.path("v").isInt()) {
            throw invalid("it is not a cursor this function returned");
        }
        if (cursor.path("v").asInt() != VERSION) {
            throw invalid("it is from another version of es-functions (cursor version " + cursor.path("v") + ")");
        }
        JsonNode after = cursor.path("after");
        if (!cursor.path("index").isTextual() || !cursor.path("pit").isTextual() || !cursor.path("size").isInt()
                || !(after.isArray() || after.isNull())) {
            throw invalid("it is not a cursor this function returned");
        }
        return new ScanPosition(cursor.get("index").asText(), cursor.get("pit").asText(), present(after),
                present(cursor.get("query")), present(cursor.get("sort")), present(cursor.get("source")),
                cursor.get("size").asInt(), slice(cursor.path("slice")), cursor.path("shared").asBoolean(false));
    }

    private static ScanSlice slice(JsonNode slice) {
        if (slice.isMissingNode() || slice.isNull()) {
            return null;
        }
        if (!slice.path("id").isInt() || !slice.path("max").isInt() || slice.get("id").asInt() < 0
                || slice.get("id").asInt() >= slice.get("max").asInt()) {
            throw invalid("it is not a cursor this function returned");
        }
        return new ScanSlice(slice.get("id").asInt(), slice.get("max").asInt());
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static byte[] mac(SecretKeySpec key, byte[] json) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return mac.doFinal(json);
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key a setting holds, as base64 of at least 32 bytes; the message names the setting, never the value. */
    private static SecretKeySpec key(Optional<String> setting, String name) {
        if (setting.isEmpty()) {
            return null;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(setting.get().trim().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64: give it as, say, the output of "
                    + "'openssl rand -base64 32'");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(name + " holds " + key.length + " bytes; it needs at least "
                    + MIN_KEY_BYTES + " (openssl rand -base64 32)");
        }
        return new SecretKeySpec(key, ALGORITHM);
    }

    private static FunctionException invalid(String why) {
        return new FunctionException(400, "invalid_cursor", "field 'cursor' cannot be continued: " + why + "; pass "
                + "the 'cursor' of the previous answer as it is, or leave it out to start from the beginning");
    }
}
