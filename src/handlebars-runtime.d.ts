// handlebars/runtime ships no usable types; it is the same API as the full package.
declare module 'handlebars/runtime.js' {
  import Handlebars from 'handlebars';
  export default Handlebars;
}
