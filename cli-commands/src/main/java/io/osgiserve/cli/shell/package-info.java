/**
 * The Karaf shell's {@code serve:deploy}, {@code serve:config}, {@code serve:status} and
 * {@code serve:shutdown}: thin front ends over {@link io.osgiserve.cli.verbs.Verbs}, the same code as
 * the {@code serve} command line. Inside a node they reach its own agent unless told otherwise.
 */
package io.osgiserve.cli.shell;
