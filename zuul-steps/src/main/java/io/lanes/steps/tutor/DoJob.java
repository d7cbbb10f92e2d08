package io.lanes.steps.tutor;

import java.util.List;

/**
 * A Tutor {@code do} job ({@code tutor k8s do <name>}: Tutor's own, or a plugin's through {@code CLI_DO_COMMANDS}).
 *
 * @param name the job's name, e.g. {@code createuser}
 * @param help its one-line help
 * @param params its parameters, as its click command declares them
 */
public record DoJob(String name, String help, List<DoParam> params) {}
