package dev.herald.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A fault in Herald: logged with its stack trace, answered without it. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

  @Override
  public Response toResponse(Throwable t) {
    LOG.log(Level.SEVERE, "Unexpected error answering a request", t);
    return ProblemResponses.of(Problem.internal());
  }
}
