package dev.esfunctions.observability;

import dev.esfunctions.cluster.CallContext;

/** Carries the request id across the threads a call runs on. */
public class RequestIdContext extends CallContext<String> {

    @Override
    protected String current() {
        return RequestIds.current();
    }

    @Override
    protected void set(String id) {
        RequestIds.set(id);
    }

    @Override
    public String getThreadContextType() {
        return "es-functions-request-id";
    }
}
