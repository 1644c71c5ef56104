import ReactDOM from 'react-dom/client'; ReactDOM.createRoot(document.getElementById('root')).render('admin');
