package dev.esfunctions.bulk;

import java.util.List;

/**
 * Observes bulk runs from outside, as elasticsearch-java's BulkListener does: metrics implement it, the pipeline
 * only calls it.
 */
public interface BulkListener {

    /** After each {@code _bulk} request (each attempt), with what became of the documents it carried. */
    void afterRequest(List<DocumentOutcome> outcomes, long nanos);

    /** After a run's outcomes were counted. */
    void afterTally(BulkTally tally);
}
