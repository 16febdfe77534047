package io.osgiserve.config;

/** What a redeploy does to one deployment. */
public enum ChangeKind {
    /** Nothing: the replicas stay as they are. */
    UNCHANGED,
    /** The replicas stay: {@code reconfigure(user_config)} is called and/or the replica count adjusted. */
    LIGHTWEIGHT,
    /** An option other than num_replicas, user_config, autoscaling_config changed: new replicas. */
    REPLACE,
    /** The application's code changed (import_path, runtime_env, code identity): new replicas on it. */
    REINSTALL,
    /** A deployment that did not run before. */
    ADD,
    /** A deployment that runs and is no longer wanted. */
    REMOVE
}
