package dev.fastshop.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Passes a request body through while counting it, and fails the stream once it exceeds the route's limit: the
 * guard for chunked bodies, whose size is not announced in {@code Content-Length}.
 */
class LimitedReadStream implements ReadStream<Buffer> {

    private final ReadStream<Buffer> delegate;
    private final long limit;
    private final Runnable onExceeded;
    private Handler<Throwable> exceptionHandler;
    private long received;
    private boolean exceeded;

    LimitedReadStream(ReadStream<Buffer> delegate, long limit, Runnable onExceeded) {
        this.delegate = delegate;
        this.limit = limit;
        this.onExceeded = onExceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            delegate.handler(null);
            return this;
        }
        delegate.handler(chunk -> {
            if (exceeded) {
                return;
            }
            received += chunk.length();
            if (received > limit) {
                exceeded = true;
                onExceeded.run();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new BodyTooLargeException(limit));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        delegate.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        delegate.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        delegate.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        delegate.endHandler(endHandler == null ? null : v -> {
            if (!exceeded) {
                endHandler.handle(v);
            }
        });
        return this;
    }

    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(long limit) {
            super("The request body exceeds " + limit + " bytes", null, false, false);
        }
    }
}
