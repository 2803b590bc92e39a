package ordo.gateway.http;

/**
 * The code behind one route. Called on the connection's event-loop thread after authentication and
 * validation of the path: it must not block. It either answers at once or hands the exchange to
 * another thread (the pipeline), which answers later; every exchange must be answered exactly once.
 * An exception thrown here is logged and answered 500; code on other threads should call
 * {@link HttpExchange#respondInternalError(Throwable)} instead of letting an exception escape.
 */
@FunctionalInterface
public interface RouteHandler {
    void handle(HttpExchange exchange) throws Exception;
}
