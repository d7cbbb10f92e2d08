package io.lanes.steps;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a step may touch besides its flags: its output streams, the clock and the environment (credentials come
 * from files or environment variables named by flags, never from argument values). Tests give their own.
 *
 * @param out results meant for people and scripts reading stdout
 * @param err the human log and progress
 */
public record StepContext(PrintWriter out, PrintWriter err, Clock clock, Map<String, String> environment) {}
