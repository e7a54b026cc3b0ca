exports.validate = (schema) => function validate(req, res, next) { for (const part of Object.keys(schema)) schema[part].validate(req[part]); next(); };
exports.auth = (...rights) => function auth(req, res, next) { return rights.length ? next() : next(); };
