package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;

class BulkTallyTest {

    @Test
    void everyOutcomeIsCountedOnceAndTheErrorListIsCappedWhileTheCountStaysExact() {
        BulkTally tally = new BulkTally(2);
        tally.add(success("1", "created", 1, 1));
        tally.add(success("2", "updated", 1, 3));
        for (int i = 0; i < 3; i++) {
            tally.add(itemFailed("f" + i, 2));
        }
        tally.add(DocumentOutcome.rejected(new DocumentError(null, 400, "missing_id", "no id")));
        assertEquals(6, tally.total());
        assertEquals(2, tally.succeeded());
        assertEquals(4, tally.failed());
        assertEquals(1, tally.count("created"));
        assertEquals(1, tally.count("updated"));
        assertEquals(2, tally.retries(), "document 2 was sent three times");
        assertEquals(2, tally.batches(), "batch 0 stands for documents never sent");
        assertEquals(2, tally.errors().size());
        assertTrue(tally.errorsTruncated());
    }

    @Test
    void talliesOfOneRunAddUp() {
        BulkTally first = new BulkTally(10);
        first.add(success("1", "created", 1, 1));
        BulkTally second = new BulkTally(10);
        second.add(success("2", "created", 2, 2));
        second.add(itemFailed("3", 2));
        first.add(second);
        assertEquals(3, first.total());
        assertEquals(2, first.count("created"));
        assertEquals(1, first.failed());
        assertEquals(1, first.retries());
        assertEquals(2, first.batches());
        assertFalse(first.errorsTruncated());
    }

    @Test
    void aRunOfWhichNothingLandedBecauseEveryRequestFailedIsTheRequestsError() {
        BulkTally tally = new BulkTally(10);
        ClusterFailure down = RetryPolicyTest.failure(ClusterFailure.Kind.NOT_SENT, 0);
        tally.add(new DocumentOutcome("1", null, new DocumentError("1", 503, down.type(), "down"), down, 1, 1));
        FunctionException failure = assertThrows(FunctionException.class, tally::requireSomethingLanded);
        assertEquals(503, failure.status());
        assertEquals(down.type(), failure.type());
    }

    @Test
    void aRunWhoseDocumentsMayHaveLandedIsAnAnswerListingThemAsUnknown() {
        BulkTally tally = new BulkTally(10);
        ClusterFailure silent = RetryPolicyTest.failure(ClusterFailure.Kind.NO_ANSWER, 0);
        DocumentOutcome sent = new DocumentOutcome("1", null, new DocumentError("1", 504, silent.type(), "silent"),
                silent, 1, 1);
        tally.add(sent.unknown(1));
        assertSame(tally, tally.requireSomethingLanded());
        assertEquals(1, tally.unknown());
        assertEquals(DocumentOutcome.OUTCOME_UNKNOWN, tally.errors().get(0).type());
    }

    @Test
    void aRunWithOnlyDocumentFailuresIsAnAnswerNotAnError() {
        BulkTally tally = new BulkTally(10);
        tally.add(itemFailed("1", 1));
        assertSame(tally, tally.requireSomethingLanded());
    }

    @Test
    void deadLettersAreCountedAmongTheFailedAndTheirOwnFailuresKeepTheDocumentsErrors() {
        BulkTally first = new BulkTally(1);
        first.add(success("1", "created", 1, 1));
        first.add(itemFailed("2", 1).deadLettered(new DocumentOutcome.DeadLetter(null)));
        BulkTally second = new BulkTally(1);
        DocumentError closed = new DocumentError("3", 400, "index_closed_exception", "closed");
        second.add(itemFailed("3", 2).deadLettered(new DocumentOutcome.DeadLetter(closed)));
        second.add(itemFailed("4", 2).deadLettered(new DocumentOutcome.DeadLetter(
                new DocumentError("4", 400, "index_closed_exception", "closed"))));
        first.add(second);
        assertEquals(4, first.total());
        assertEquals(1, first.succeeded());
        assertEquals(3, first.failed(), "a dead-lettered document is still a failed one");
        assertEquals(1, first.deadLettered());
        assertEquals(2, first.deadLetterFailed());
        assertEquals(List.of(closed), first.deadLetterErrors(), "capped like errors");
        assertEquals("mapper_parsing_exception", first.errors().get(0).type());
    }

    private static DocumentOutcome success(String id, String result, int batch, int attempts) {
        return new DocumentOutcome(id, result, null, null, batch, attempts);
    }

    private static DocumentOutcome itemFailed(String id, int batch) {
        return new DocumentOutcome(id, null, new DocumentError(id, 400, "mapper_parsing_exception", "bad"), null,
                batch, 1);
    }
}
