package dev.esfunctions.bulk;

import static dev.esfunctions.bulk.RetryPolicy.Decision.RETRY;
import static dev.esfunctions.bulk.RetryPolicy.Decision.SETTLE;
import static dev.esfunctions.bulk.RetryPolicy.Decision.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.ClusterFailure.Kind;
import dev.esfunctions.model.DocumentError;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void whatCannotHaveBeenAppliedIsSentAgainWhateverTheOperation() {
        for (ClusterFailure failure : new ClusterFailure[] { failure(Kind.NOT_SENT, 0), failure(Kind.ANSWERED, 429),
                failure(Kind.ANSWERED, 503) }) {
            assertEquals(RETRY, policy.decide(requestFailed(failure), false, true), failure.type());
            assertEquals(RETRY, policy.decide(requestFailed(failure), true, true), failure.type());
        }
    }

    @Test
    void whatMayHaveBeenAppliedIsSentAgainOnlyWhenTheOperationIsIdempotent() {
        for (ClusterFailure failure : new ClusterFailure[] { failure(Kind.NO_ANSWER, 0), failure(Kind.ANSWERED, 502),
                failure(Kind.ANSWERED, 504) }) {
            assertEquals(RETRY, policy.decide(requestFailed(failure), true, true), failure.type());
            assertEquals(UNKNOWN, policy.decide(requestFailed(failure), false, true), failure.type());
        }
    }

    @Test
    void whenRetriesOrTimeRunOutWhatMayHaveBeenAppliedIsUnknownAndTheRestIsFinal() {
        assertEquals(UNKNOWN, policy.decide(requestFailed(failure(Kind.NO_ANSWER, 0)), true, false));
        assertEquals(SETTLE, policy.decide(requestFailed(failure(Kind.NOT_SENT, 0)), true, false));
        assertEquals(SETTLE, policy.decide(requestFailed(failure(Kind.ANSWERED, 429)), true, false));
        assertEquals(SETTLE, policy.decide(item(429), true, false));
    }

    @Test
    void anAnswerThatCannotBeReadIsUnknownAndARefusalIsFinal() {
        assertEquals(UNKNOWN, policy.decide(requestFailed(failure(Kind.UNREADABLE_ANSWER, 0)), true, true));
        assertEquals(UNKNOWN, policy.decide(requestFailed(failure(Kind.ANSWERED, 500)), true, true),
                "a 500 may have applied part of the request and is not busy: sending it again would not help");
        assertEquals(SETTLE, policy.decide(requestFailed(failure(Kind.ANSWERED, 400)), true, true));
        assertEquals(SETTLE, policy.decide(requestFailed(failure(Kind.ANSWERED, 403)), true, true));
        assertEquals(SETTLE, policy.decide(requestFailed(failure(Kind.TLS, 0)), true, true));
    }

    @Test
    void onlyItemsRejectedAsBusyAreSentAgain() {
        assertEquals(RETRY, policy.decide(item(429), false, true));
        assertEquals(SETTLE, policy.decide(item(409), true, true));
        assertEquals(SETTLE, policy.decide(item(400), true, true));
        assertEquals(SETTLE, policy.decide(new DocumentOutcome("1", "created", null, null, 1, 0), true, true));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheMaximum() {
        for (int i = 0; i < 200; i++) {
            long first = policy.backoff(0).toMillis();
            long third = policy.backoff(2).toMillis();
            long late = policy.backoff(40).toMillis();
            assertTrue(first >= 50 && first <= 100, "retry 0 waits 50-100 ms: " + first);
            assertTrue(third >= 200 && third <= 400, "retry 2 waits 200-400 ms: " + third);
            assertTrue(late >= 2500 && late <= 5000, "capped at max-backoff: " + late);
        }
    }

    static ClusterFailure failure(Kind kind, int status) {
        return new ClusterFailure(kind, "POST /i/_bulk", status, kind.name().toLowerCase() + "_" + status, "reason",
                null);
    }

    private static DocumentOutcome requestFailed(ClusterFailure failure) {
        return new DocumentOutcome("1", null, new DocumentError("1", 503, failure.type(), "reason"), failure, 1, 0);
    }

    private static DocumentOutcome item(int status) {
        return new DocumentOutcome("1", null, new DocumentError("1", status, "item_error", "reason"), null, 1, 0);
    }
}
