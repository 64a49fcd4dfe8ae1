// RE2 mirrors RegExp's interface; the validation harness needs no linear-time guarantee for the
// patterns of our own generated pipelines.
module.exports = class RE2 extends RegExp {};
