package dev.esfunctions.observability;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

import dev.esfunctions.cluster.CallDeadline;

/**
 * Carries what a call's threads must know of it, its request id and its platform deadline ({@link CallDeadline}),
 * across the threads it runs on (workers, the client's I/O threads, the retry scheduler): Mutiny captures thread
 * contexts when a pipeline is assembled and restores them around each of its callbacks, so the engine never handles
 * them itself. One provider for both: each provider is restored around every item of every stage, and a second one
 * cost a fifth more CPU per upserted document in the benchmark.
 */
public class CallContext implements ThreadContextProvider {

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return snapshot(RequestIds.current(), CallDeadline.answerBy());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return snapshot(null, null);
    }

    @Override
    public String getThreadContextType() {
        return "es-functions-call";
    }

    /** The deadline is set only where it changes: where the platform sets none, it never does. */
    private static ThreadContextSnapshot snapshot(String id, Long answerBy) {
        return () -> {
            String previousId = RequestIds.current();
            Long previousAnswerBy = CallDeadline.answerBy();
            RequestIds.set(id);
            if (previousAnswerBy != answerBy) {
                CallDeadline.set(answerBy);
            }
            ThreadContextController restore = () -> {
                RequestIds.set(previousId);
                if (previousAnswerBy != answerBy) {
                    CallDeadline.set(previousAnswerBy);
                }
            };
            return restore;
        };
    }
}
