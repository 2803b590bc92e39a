package ordo.gateway.api;

import ordo.engine.ResultCode;
import ordo.gateway.http.Problem;
import ordo.gateway.http.ProblemCode;

/**
 * Input that fails validation at the edge, before anything is published: becomes a 400 problem naming the field.
 * An exception here is fine — this is request parsing on an event loop, not the engine.
 */
final class BadRequest extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    BadRequest(final Problem problem)
    {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    static BadRequest field(final String field, final String detail)
    {
        return new BadRequest(ProblemCode.INVALID_REQUEST.problem(field + ": " + detail).with("field", field));
    }

    /**
     * A value the command's rules refuse (its range, its order among the others), answered with the code the engine
     * gives the same check ({@code INVALID_POLICY}), naming the field as {@link #field} does.
     */
    static BadRequest field(final ResultCode code, final String field, final String detail)
    {
        return new BadRequest(ResultProblems.of(code, field + ": " + detail).with("field", field));
    }

    static BadRequest malformed(final String detail)
    {
        return new BadRequest(ProblemCode.MALFORMED_JSON.problem(detail));
    }

    /** {@link #malformed(String)} about one member, which it names as {@link #field} does. */
    static BadRequest malformed(final String field, final String detail)
    {
        return new BadRequest(ProblemCode.MALFORMED_JSON.problem(detail).with("field", field));
    }

    /** Wraps a route so its validation failures answer 400 with the problem, not 500. */
    static ordo.gateway.http.RouteHandler guard(final ordo.gateway.http.RouteHandler handler)
    {
        return ex ->
        {
            try
            {
                handler.handle(ex);
            }
            catch (final BadRequest e)
            {
                ex.respondProblem(e.problem());
            }
        };
    }

    Problem problem()
    {
        return problem;
    }
}
