/**
 * Kiln's extension points: builders, communicators, provisioners and post-processors, and what they receive.
 * Plugins compile against this module alone.
 */
module dev.kiln.api {
    requires static org.apiguardian.api;
    exports dev.kiln.api;
    exports dev.kiln.api.step;
}
