package dev.esfunctions.knative;

import com.fasterxml.jackson.annotation.JsonFormat;

import dev.esfunctions.model.CopyRequest;
import dev.esfunctions.model.CopyResult;

/**
 * The data of a {@code dev.esfunctions.copy.job} event: the copy call to make (its {@code cursor} says where the slice
 * stands) and what the slice's calls before it did. The reply to a step is the next step, or, once the cursor is
 * null, the slice's totals as a {@code dev.esfunctions.copy.job.done} event.
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record CopyJobStep(CopyRequest copy, Totals totals) {

    /** What a slice's calls read, wrote and failed to write, and how many calls it took. */
    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record Totals(long read, long written, long failed, int calls) {

        static final Totals NONE = new Totals(0, 0, 0, 0);

        Totals plus(CopyResult call) {
            return new Totals(read + call.read(), written + call.written(), failed + call.failed(), calls + 1);
        }
    }
}
