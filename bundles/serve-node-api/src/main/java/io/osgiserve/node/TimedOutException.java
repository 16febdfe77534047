package io.osgiserve.node;

/**
 * A call to a replica on another node got no answer within its limit (a hung node); the ingress answers
 * 504 with the message, one line naming the node. The call may have run: it is not sent again.
 */
public class TimedOutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimedOutException(String message) {
        super(message);
    }
}
